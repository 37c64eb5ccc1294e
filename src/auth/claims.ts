// The claims a verified token must carry (docs/ARCHITECTURE.md "The request path"): sub, email, optional name
// and roles; "system_admin" in roles makes a system admin.
import type { JWTPayload } from 'jose';
import { z } from 'zod';
import { UnauthenticatedError } from '../errors.js';

export const SYSTEM_ADMIN_ROLE = 'system_admin';

/** Deliberately lenient (the identity provider owns the address): one @, no spaces, 3–320 characters as accounts.email allows. */
export const emailSchema = z
  .string()
  .trim()
  .min(3)
  .max(320)
  .regex(/^[^\s@]+@[^\s@]+$/);

export interface Identity {
  /** The token's `iss`, or '' when it has none: with `subject`, the key of the account. */
  issuer: string;
  subject: string;
  email: string;
  name: string | null;
  roles: string[];
  isSystemAdmin: boolean;
}

const claimsSchema = z.object({
  sub: z.string().min(1).max(255),
  email: emailSchema,
  name: z.string().trim().max(200).optional(),
  // A single role is sometimes sent as a string.
  roles: z
    .union([z.array(z.string().max(100)).max(100), z.string().max(100)])
    .optional()
    .transform((r) => (r === undefined ? [] : Array.isArray(r) ? r : [r])),
});

export function identityFromClaims(payload: JWTPayload): Identity {
  const parsed = claimsSchema.safeParse(payload);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const claim = String(issue.path[0] ?? 'claims');
    const message = payload[claim] === undefined ? 'is missing' : 'is not valid';
    throw new UnauthenticatedError(`The token's "${claim}" claim ${message}.`);
  }
  // An address the provider says it has not verified proves nothing about who holds it.
  if (payload.email_verified === false || payload.email_verified === 'false') {
    throw new UnauthenticatedError('The token\'s email address is not verified ("email_verified": false).');
  }
  const { sub, email, name, roles } = parsed.data;
  const issuer = typeof payload.iss === 'string' ? payload.iss : '';
  return { issuer, subject: sub, email, name: name || null, roles, isSystemAdmin: roles.includes(SYSTEM_ADMIN_ROLE) };
}
