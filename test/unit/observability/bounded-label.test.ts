import { describe, expect, it } from 'vitest';
import { BoundedLabel, OTHER_LABEL } from '../../../src/observability/bounded-label.js';

describe('BoundedLabel', () => {
  it('keeps the first distinct values and reports every later one as "other"', () => {
    const label = new BoundedLabel(2);
    expect(['A', 'B', 'C', 'A', 'D', 'B'].map((v) => label.value(v))).toEqual([
      'A',
      'B',
      OTHER_LABEL,
      'A',
      OTHER_LABEL,
      'B',
    ]);
  });

  it('never yields more than max + 1 distinct label values, however many it is fed', () => {
    const label = new BoundedLabel(100);
    const seen = new Set(Array.from({ length: 10_000 }, (_, i) => label.value(`Op${i}`)));
    expect(seen.size).toBe(101);
  });
});
