import { describe, expect, it } from 'vitest';
import { BadUserInputError } from '../../../src/errors.js';
import {
  MAX_JSON_SETTING_BYTES,
  MAX_STRING_SETTING_LENGTH,
  SettingValueDecodeError,
  decodeSettingValue,
  encodeSettingValue,
  settingKeyError,
  type SettingType,
} from '../../../src/control-plane/settings-values.js';

function rejection(type: SettingType, value: unknown): BadUserInputError {
  try {
    encodeSettingValue(type, value);
  } catch (err) {
    return err as BadUserInputError;
  }
  throw new Error(`expected ${JSON.stringify(value)} to be rejected as ${type}`);
}

describe('encodeSettingValue / decodeSettingValue', () => {
  it.each<[SettingType, unknown, string]>([
    ['string', 'hello', 'hello'],
    ['string', '', ''],
    ['string', 'ünïcødé ✓', 'ünïcødé ✓'],
    ['integer', 42, '42'],
    ['integer', -7, '-7'],
    ['integer', 0, '0'],
    ['integer', Number.MAX_SAFE_INTEGER, String(Number.MAX_SAFE_INTEGER)],
    ['integer', Number.MIN_SAFE_INTEGER, String(Number.MIN_SAFE_INTEGER)],
    ['boolean', true, 'true'],
    ['boolean', false, 'false'],
    ['json', { a: [1, 'two', null, { b: true }] }, '{"a":[1,"two",null,{"b":true}]}'],
    ['json', null, 'null'],
    ['json', 'text', '"text"'],
    ['json', 3.5, '3.5'],
  ])('stores a %s %j as %j and reads the same value back', (type, value, text) => {
    expect(encodeSettingValue(type, value)).toBe(text);
    expect(decodeSettingValue(type, text)).toEqual(value);
  });

  it.each<[SettingType, unknown, RegExp]>([
    ['string', 42, /string setting must be a string, not a number/],
    ['string', null, /not null/],
    ['string', 'x'.repeat(MAX_STRING_SETTING_LENGTH + 1), /at most 10000 characters/],
    ['integer', 1.5, /whole number .* not the number 1.5/],
    ['integer', '42', /whole number .* not a string/],
    ['integer', Number.MAX_SAFE_INTEGER + 1, /whole number/],
    ['integer', Number.NaN, /whole number/],
    ['boolean', 'true', /true or false, not a string/],
    ['boolean', 1, /true or false/],
    ['json', undefined, /required/],
    ['json', { n: Number.POSITIVE_INFINITY }, /plain JSON: numbers must be finite/],
    ['json', { f: () => 1 }, /plain JSON: a function is not JSON/],
    ['json', { big: 1n }, /plain JSON/],
    ['json', { s: 'x'.repeat(MAX_JSON_SETTING_BYTES) }, /at most 65536 bytes/],
  ])('refuses a %s setting given %s with a clear message on field "value"', (type, value, message) => {
    const error = rejection(type, value);
    expect(error).toBeInstanceOf(BadUserInputError);
    expect(error.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'value' });
    expect(error.message).toMatch(message);
  });

  it('refuses circular json', () => {
    const loop: Record<string, unknown> = {};
    loop.self = loop;
    expect(rejection('json', loop).message).toMatch(/plain JSON/);
  });

  it('refuses an unknown type', () => {
    expect(rejection('date' as SettingType, 'x').message).toMatch(/unknown setting type "date"/);
  });

  it.each<[SettingType, string]>([
    ['integer', '1.5'],
    ['integer', 'abc'],
    ['integer', '99999999999999999'],
    ['integer', ''],
    ['boolean', 'yes'],
    ['boolean', 'TRUE'],
    ['json', '{broken'],
  ])('refuses to decode stored %s text %j instead of guessing', (type, text) => {
    expect(() => decodeSettingValue(type, text)).toThrow(SettingValueDecodeError);
  });
});

describe('settingKeyError', () => {
  it.each(['theme', 'Theme2', 'smtp.host', 'max-users', 'a_b', 'a'.repeat(100)])('accepts %j', (key) => {
    expect(settingKeyError(key)).toBeNull();
  });

  it.each([
    ['', /required/],
    [undefined, /required/],
    ['1abc', /start with a letter/],
    ['_x', /start with a letter/],
    ['a b', /only letters/],
    ['a/b', /only letters/],
    ['a'.repeat(101), /at most 100/],
    ["x';drop", /only letters/],
  ])('refuses %j', (key, message) => {
    expect(settingKeyError(key)).toMatch(message as RegExp);
  });
});
