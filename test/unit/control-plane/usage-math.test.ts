import { describe, expect, it } from 'vitest';
import {
  DEFAULT_QUOTA,
  readLimits,
  readUsage,
  toQuotaJson,
  usagePercent,
  usagePercents,
} from '../../../src/control-plane/usage-math.js';

describe('usagePercent', () => {
  it.each([
    [50, 100, 50],
    [1, 3, 33.33],
    [2, 3, 66.67],
    [150, 100, 150],
    [0.5, 10, 5],
    [1, 10_000, 0.01],
    [1, 1_000_000, 0],
    [0, 100, 0],
    [100, 0, 0],
    [0, 0, 0],
    [-5, 100, 0],
    [Number.NaN, 100, 0],
    [5, Number.POSITIVE_INFINITY, 0],
  ])('%d of %d is %d%%', (used, limit, percent) => {
    expect(usagePercent(used, limit)).toBe(percent);
  });
});

describe('readLimits / readUsage', () => {
  it('fills missing entries with the DESIGN defaults (limits) and zero (usage)', () => {
    expect(readLimits({})).toEqual({ users: 100, storageGb: 10, apiCallsPerMonth: 10_000 });
    expect(readUsage({})).toEqual({ users: 0, storageGb: 0, apiCallsPerMonth: 0 });
  });

  it('reads the jsonb keys', () => {
    expect(readLimits({ users: 5, storage_gb: 1.5, api_calls_per_month: 200 })).toEqual({
      users: 5,
      storageGb: 1.5,
      apiCallsPerMonth: 200,
    });
    expect(readUsage({ users: 3, storage_gb: 0.25, api_calls_per_month: 42 })).toEqual({
      users: 3,
      storageGb: 0.25,
      apiCallsPerMonth: 42,
    });
  });

  it('keeps an explicit 0 limit', () => {
    expect(readLimits({ api_calls_per_month: 0 }).apiCallsPerMonth).toBe(0);
  });

  it('accepts numeric strings and ignores junk entry by entry', () => {
    expect(readLimits({ users: '25', storage_gb: 'lots', api_calls_per_month: -1 })).toEqual({
      ...DEFAULT_QUOTA,
      users: 25,
    });
    expect(readUsage({ users: null, storage_gb: [1], api_calls_per_month: { n: 1 } })).toEqual({
      users: 0,
      storageGb: 0,
      apiCallsPerMonth: 0,
    });
  });

  it.each([null, undefined, 'text', 42, [1, 2]])('treats a non-object (%j) as empty', (json) => {
    expect(readLimits(json)).toEqual(DEFAULT_QUOTA);
    expect(readUsage(json).users).toBe(0);
  });

  it('writes the snake_case jsonb shape back', () => {
    expect(toQuotaJson({ users: 1, storageGb: 2, apiCallsPerMonth: 3 })).toEqual({
      users: 1,
      storage_gb: 2,
      api_calls_per_month: 3,
    });
  });
});

describe('usagePercents', () => {
  it('computes the three calculations from the raw columns', () => {
    expect(
      usagePercents({
        limits: { users: 10, storage_gb: 4, api_calls_per_month: 3 },
        usage: { users: 5, storage_gb: 1, api_calls_per_month: 1 },
      }),
    ).toEqual({ userUsagePercent: 50, storageUsagePercent: 25, apiCallsUsagePercent: 33.33 });
  });

  it('uses default limits when limits are missing, and 0 where the limit is 0', () => {
    expect(
      usagePercents({ limits: { users: 0 }, usage: { users: 7, storage_gb: 5, api_calls_per_month: 2500 } }),
    ).toEqual({
      userUsagePercent: 0,
      storageUsagePercent: 50,
      apiCallsUsagePercent: 25,
    });
  });
});
