import { describe, expect, it } from 'vitest';
import { RateLimitedError } from '../../../src/errors.js';
import { checkApiCallLimit, nextMonthStartUtc } from '../../../src/control-plane/api-limit.js';

const now = new Date('2025-03-31T23:59:30Z');
const tenant = (used: number, limit: number) => ({
  limits: { api_calls_per_month: limit },
  usage: { api_calls_per_month: used },
});

describe('checkApiCallLimit', () => {
  it('allows calls below the limit in every mode, without a warning', () => {
    for (const mode of ['hard', 'soft', 'off'] as const) {
      expect(checkApiCallLimit(tenant(10, 100), 5, mode, now)).toEqual({ allowed: true });
    }
  });

  it('allows the call that reaches the limit exactly and refuses the next one (hard)', () => {
    expect(checkApiCallLimit(tenant(99, 100), 0, 'hard', now).allowed).toBe(true);
    expect(checkApiCallLimit(tenant(100, 100), 0, 'hard', now).allowed).toBe(false);
  });

  it('counts calls not yet flushed toward the limit', () => {
    expect(checkApiCallLimit(tenant(90, 100), 9, 'hard', now).allowed).toBe(true);
    expect(checkApiCallLimit(tenant(90, 100), 10, 'hard', now).allowed).toBe(false);
  });

  it('refuses over the limit in hard mode with RATE_LIMITED (429), a clear message and Retry-After until next month', () => {
    const decision = checkApiCallLimit(tenant(9_990, 10_000), 15, 'hard', now);
    expect(decision.allowed).toBe(false);
    expect(decision.warning).toBeUndefined();
    expect(decision.error).toBeInstanceOf(RateLimitedError);
    expect(decision.error!.message).toBe(
      'This tenant has used its monthly API call limit (10005 of 10000 API calls this month). The count resets on 2025-04-01 (UTC); ask the platform to raise limits.apiCallsPerMonth for more.',
    );
    expect(decision.error!.extensions).toMatchObject({
      code: 'RATE_LIMITED',
      http: { status: 429, headers: { 'Retry-After': '30' } },
    });
  });

  it('lets the call through in soft mode and adds a warning', () => {
    const decision = checkApiCallLimit(tenant(100, 100), 3, 'soft', now);
    expect(decision).toEqual({
      allowed: true,
      warning:
        'This tenant is over its monthly API call limit (103 of 100 API calls this month); calls are still served (soft limit). The count resets on 2025-04-01 (UTC).',
    });
  });

  it('ignores the limit when off', () => {
    expect(checkApiCallLimit(tenant(1_000_000, 100), 50, 'off', now)).toEqual({ allowed: true });
  });

  it('uses the default limit (10000) when the tenant has none, and allows no call with a limit of 0', () => {
    expect(checkApiCallLimit({ limits: {}, usage: { api_calls_per_month: 9_999 } }, 0, 'hard', now).allowed).toBe(true);
    expect(checkApiCallLimit({ limits: {}, usage: { api_calls_per_month: 10_000 } }, 0, 'hard', now).allowed).toBe(
      false,
    );
    expect(checkApiCallLimit(tenant(0, 0), 0, 'hard', now).allowed).toBe(false);
  });

  it('treats junk usage as 0 and junk pending counts as none', () => {
    expect(
      checkApiCallLimit({ limits: { api_calls_per_month: 5 }, usage: 'junk' }, Number.NaN, 'hard', now).allowed,
    ).toBe(true);
    expect(checkApiCallLimit(tenant(4, 5), -10, 'hard', now).allowed).toBe(true);
  });
});

describe('nextMonthStartUtc', () => {
  it.each([
    ['2025-01-15T12:00:00Z', '2025-02-01T00:00:00.000Z'],
    ['2025-12-31T23:59:59Z', '2026-01-01T00:00:00.000Z'],
    ['2024-02-29T00:00:00Z', '2024-03-01T00:00:00.000Z'],
  ])('after %s is %s', (at, expected) => {
    expect(nextMonthStartUtc(new Date(at)).toISOString()).toBe(expected);
  });
});
