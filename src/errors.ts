// One error class per code of docs/ARCHITECTURE.md "Error codes". Errors of these classes reach the client
// as they are; anything else is masked by Yoga ("Unexpected error.") and logged.
import { GraphQLError } from 'graphql';

export type ErrorCode =
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'BAD_USER_INPUT'
  | 'CONFLICT'
  | 'LIMIT_EXCEEDED'
  | 'RATE_LIMITED'
  | 'TENANT_NOT_FOUND'
  | 'TENANT_SUSPENDED'
  | 'TENANT_NOT_READY'
  | 'TENANT_REQUIRED'
  | 'PROVISIONING_FAILED'
  | 'DATABASE_UNAVAILABLE';

/** HTTP status used when the error ends a request before execution (at the door). */
const HTTP_STATUS: Partial<Record<ErrorCode, number>> = {
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  BAD_USER_INPUT: 400,
  RATE_LIMITED: 429,
  TENANT_NOT_FOUND: 404,
  TENANT_SUSPENDED: 403,
  TENANT_NOT_READY: 503,
  DATABASE_UNAVAILABLE: 503,
};

export class AppError extends GraphQLError {
  readonly code: ErrorCode;
  constructor(
    code: ErrorCode,
    message: string,
    extensions: Record<string, unknown> = {},
    headers?: Record<string, string>,
  ) {
    const status = HTTP_STATUS[code];
    super(message, {
      extensions: { code, ...extensions, ...(status ? { http: { status, ...(headers ? { headers } : {}) } } : {}) },
    });
    this.code = code;
  }
}

export class UnauthenticatedError extends AppError {
  constructor(message = 'Authentication required.') {
    super('UNAUTHENTICATED', message);
  }
}
export class ForbiddenError extends AppError {
  constructor(message = 'You are not allowed to do this.') {
    super('FORBIDDEN', message);
  }
}
export class NotFoundError extends AppError {
  constructor(what = 'Resource') {
    super('NOT_FOUND', `${what} not found.`);
  }
}
export class BadUserInputError extends AppError {
  constructor(message: string, extra: { field?: string } = {}) {
    super('BAD_USER_INPUT', message, extra.field ? { field: extra.field } : {});
  }
}
export class ConflictError extends AppError {
  constructor(message: string, extra: { field?: string } = {}) {
    super('CONFLICT', message, extra.field ? { field: extra.field } : {});
  }
}
export class LimitExceededError extends AppError {
  constructor(message: string, extra: { limit?: string } = {}) {
    super('LIMIT_EXCEEDED', message, extra);
  }
}
export class RateLimitedError extends AppError {
  constructor(message: string, retryAfterSeconds?: number) {
    super('RATE_LIMITED', message, {}, retryAfterSeconds ? { 'Retry-After': String(retryAfterSeconds) } : undefined);
  }
}
export class TenantNotFoundError extends AppError {
  constructor(message = 'No tenant is served at this host.') {
    super('TENANT_NOT_FOUND', message);
  }
}
export class TenantSuspendedError extends AppError {
  constructor(message = 'This tenant is suspended.') {
    super('TENANT_SUSPENDED', message);
  }
}
export class TenantNotReadyError extends AppError {
  constructor(message = 'This tenant is being set up; try again shortly.', retryAfterSeconds = 5) {
    super('TENANT_NOT_READY', message, {}, { 'Retry-After': String(retryAfterSeconds) });
  }
}
export class TenantRequiredError extends AppError {
  constructor(message = 'This operation needs a tenant: call it on a tenant host or pass tenantId.') {
    super('TENANT_REQUIRED', message);
  }
}
export class ProvisioningFailedError extends AppError {
  constructor(message: string) {
    super('PROVISIONING_FAILED', message);
  }
}

/** Seconds a client is asked to wait when the database cannot be reached (a restart takes a few). */
export const DATABASE_RETRY_AFTER_SECONDS = 2;

/** The database is down, restarting or cut off (src/db/connection-errors.ts): 503, the client may retry. */
export class DatabaseUnavailableError extends AppError {
  constructor(message = 'The database is unavailable right now; try again in a few seconds.') {
    super('DATABASE_UNAVAILABLE', message, {}, { 'Retry-After': String(DATABASE_RETRY_AFTER_SECONDS) });
  }
}
