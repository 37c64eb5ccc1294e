// The monthly API call limit (tenants.limits.api_calls_per_month), checked before a request on a
// tenant host is served. Usage is tenants.usage.api_calls_per_month (flushed counts) plus the calls
// this process counted but has not flushed yet, so a burst between flushes cannot slip past the limit.
import { RateLimitedError } from '../errors.js';
import { readLimits, readUsage } from './usage-math.js';

export type ApiCallLimitMode = 'hard' | 'soft' | 'off';

export interface ApiCallLimitDecision {
  allowed: boolean;
  /** Soft mode over the limit: serve the request and tell the client (e.g. in `extensions.warnings`). */
  warning?: string;
  /** Hard mode over the limit: the error to answer with (RATE_LIMITED, HTTP 429, Retry-After = next month). */
  error?: RateLimitedError;
}

/** First instant of the next calendar month, UTC: when the monthly count starts again. */
export function nextMonthStartUtc(now: Date): Date {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1));
}

/**
 * Whether one more API call is allowed. `pendingCalls` are calls counted but not yet flushed
 * (UsageMeter#pending), not including this one: the call is allowed while
 * used + pending + 1 ≤ limit. A limit of 0 allows no calls. Refused calls should not be counted,
 * so that usage never goes above the limit in hard mode.
 */
export function checkApiCallLimit(
  tenant: { limits: unknown; usage: unknown },
  pendingCalls: number,
  mode: ApiCallLimitMode,
  now: Date = new Date(),
): ApiCallLimitDecision {
  if (mode === 'off') return { allowed: true };
  const limit = readLimits(tenant.limits).apiCallsPerMonth;
  const used = readUsage(tenant.usage).apiCallsPerMonth + Math.max(0, pendingCalls || 0);
  if (used + 1 <= limit) return { allowed: true };

  const resets = nextMonthStartUtc(now);
  const resetsOn = resets.toISOString().slice(0, 10);
  const counted = `${used} of ${limit} API calls this month`;
  if (mode === 'soft') {
    return {
      allowed: true,
      warning: `This tenant is over its monthly API call limit (${counted}); calls are still served (soft limit). The count resets on ${resetsOn} (UTC).`,
    };
  }
  const retryAfterSeconds = Math.max(1, Math.ceil((resets.getTime() - now.getTime()) / 1000));
  return {
    allowed: false,
    error: new RateLimitedError(
      `This tenant has used its monthly API call limit (${counted}). The count resets on ${resetsOn} (UTC); ask the platform to raise limits.apiCallsPerMonth for more.`,
      retryAfterSeconds,
    ),
  };
}
