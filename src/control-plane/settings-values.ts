// Setting values are stored as text (column tenant_settings.value) and typed by tenant_settings.type.
// Encoding validates a client's JSON value against the type, so the database only ever holds text
// that decodes back to the same value; decoding is the inverse and refuses text it did not write.
import { BadUserInputError } from '../errors.js';

import { isOneOf, SETTING_CATEGORIES, SETTING_TYPES, type SettingCategory, type SettingType } from '../vocabulary.js';

export { SETTING_CATEGORIES, SETTING_TYPES, type SettingCategory, type SettingType };

/** Longest string value, in characters. Settings are configuration, not documents. */
export const MAX_STRING_SETTING_LENGTH = 10_000;
/** Largest json value, in bytes of its JSON text. */
export const MAX_JSON_SETTING_BYTES = 64 * 1024;

// Mirrors the CHECK constraint on tenant_settings.key.
const SETTING_KEY = /^[A-Za-z][A-Za-z0-9_.-]{0,99}$/;

export function isSettingType(type: unknown): type is SettingType {
  return isOneOf(SETTING_TYPES, type);
}

export function isSettingCategory(category: unknown): category is SettingCategory {
  return isOneOf(SETTING_CATEGORIES, category);
}

export function settingKeyError(key: unknown): string | null {
  if (typeof key !== 'string' || key.length === 0) return 'key is required';
  if (!SETTING_KEY.test(key)) {
    return 'key must start with a letter and contain only letters, digits, "_", "." and "-" (at most 100 characters)';
  }
  return null;
}

export function assertSettingKey(key: unknown, field = 'key'): asserts key is string {
  const error = settingKeyError(key);
  if (error) throw new BadUserInputError(error, { field });
}

function invalid(message: string): never {
  throw new BadUserInputError(message, { field: 'value' });
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'number' && !Number.isInteger(value)) return `the number ${value}`;
  return `a ${typeof value}`;
}

/** Validates `value` against `type` and returns the text to store. Throws BadUserInputError (field "value"). */
export function encodeSettingValue(type: SettingType, value: unknown): string {
  switch (type) {
    case 'string':
      if (typeof value !== 'string') invalid(`value of a string setting must be a string, not ${describe(value)}`);
      if (value.length > MAX_STRING_SETTING_LENGTH) {
        invalid(
          `value of a string setting must be at most ${MAX_STRING_SETTING_LENGTH} characters (got ${value.length})`,
        );
      }
      return value;
    case 'integer':
      // Only safe integers survive the round trip through JSON (GraphQL) and JavaScript numbers.
      if (typeof value !== 'number' || !Number.isSafeInteger(value)) {
        invalid(
          `value of an integer setting must be a whole number between ${Number.MIN_SAFE_INTEGER} and ${Number.MAX_SAFE_INTEGER}, not ${describe(value)}`,
        );
      }
      return String(value);
    case 'boolean':
      if (typeof value !== 'boolean')
        invalid(`value of a boolean setting must be true or false, not ${describe(value)}`);
      return value ? 'true' : 'false';
    case 'json':
      return encodeJson(value);
    default:
      return invalid(`unknown setting type "${String(type)}"`);
  }
}

function encodeJson(value: unknown): string {
  if (value === undefined) invalid('value of a json setting is required (use null for "no value")');
  let text: string | undefined;
  try {
    text = JSON.stringify(value, (_key, v: unknown) => {
      // JSON.stringify would silently turn these into null or drop them: refuse instead of storing something else.
      if (typeof v === 'number' && !Number.isFinite(v)) throw new TypeError('numbers must be finite');
      if (typeof v === 'function' || typeof v === 'symbol') throw new TypeError(`a ${typeof v} is not JSON`);
      return v;
    });
  } catch (err) {
    invalid(`value of a json setting must be plain JSON: ${(err as Error).message}`);
  }
  if (text === undefined) invalid('value of a json setting must be plain JSON');
  const bytes = Buffer.byteLength(text);
  if (bytes > MAX_JSON_SETTING_BYTES) {
    invalid(`value of a json setting must be at most ${MAX_JSON_SETTING_BYTES} bytes as JSON (got ${bytes})`);
  }
  return text;
}

/** Error for stored text that does not decode: data written outside the gateway, never client input. */
export class SettingValueDecodeError extends Error {
  override name = 'SettingValueDecodeError';
}

/** The value stored as `text` for a setting of `type` (the inverse of encodeSettingValue). */
export function decodeSettingValue(type: SettingType, text: string): unknown {
  switch (type) {
    case 'string':
      return text;
    case 'integer': {
      const n = /^-?\d{1,16}$/.test(text) ? Number(text) : NaN;
      if (!Number.isSafeInteger(n))
        throw new SettingValueDecodeError(`stored integer setting value "${text.slice(0, 40)}" is not an integer`);
      return n;
    }
    case 'boolean':
      if (text === 'true') return true;
      if (text === 'false') return false;
      throw new SettingValueDecodeError(`stored boolean setting value "${text.slice(0, 40)}" is not true or false`);
    case 'json':
      try {
        return JSON.parse(text) as unknown;
      } catch {
        throw new SettingValueDecodeError('stored json setting value is not valid JSON');
      }
    default:
      throw new SettingValueDecodeError(`unknown setting type "${String(type)}"`);
  }
}
