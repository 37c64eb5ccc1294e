// A metric label fed by request data (operation names, tenant slugs) must not create series without
// bound: the first `max` distinct values are kept, every later one is reported as "other".
export const OTHER_LABEL = 'other';

export class BoundedLabel {
  readonly #seen = new Set<string>();
  readonly #max: number;

  constructor(max: number) {
    this.#max = max;
  }

  value(raw: string): string {
    if (this.#seen.has(raw)) return raw;
    if (this.#seen.size >= this.#max) return OTHER_LABEL;
    this.#seen.add(raw);
    return raw;
  }
}
