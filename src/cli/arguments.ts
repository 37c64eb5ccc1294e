// Parsers for option values, so a bad value is a usage error naming the option before anything runs.
import { InvalidArgumentError } from 'commander';

export function wholeNumber(option: string, min: number, max = Number.MAX_SAFE_INTEGER) {
  return (value: string): number => {
    const n = Number(value);
    if (!/^\s*\d+\s*$/.test(value) || !Number.isSafeInteger(n) || n < min || n > max) {
      const range = max === Number.MAX_SAFE_INTEGER ? `≥ ${min}` : `from ${min} to ${max}`;
      throw new InvalidArgumentError(`${option} must be a whole number ${range}`);
    }
    return n;
  };
}

/** --actor: a name for audit entries, 1–200 printable characters. */
export function actorName(value: string): string {
  const name = value.trim();
  if (!name || name.length > 200 || /[\u0000-\u001f\u007f]/.test(name))
    throw new InvalidArgumentError('--actor must be 1 to 200 printable characters');
  return name;
}

/** `a,b, c` → ['a', 'b', 'c']. */
export function commaList(value: string): string[] {
  return value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}
