import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { SettingDecryptionError, SettingsCipher } from '../../../src/control-plane/settings-crypto.js';

const k1 = { id: 'k1', key: randomBytes(32) };
const k2 = { id: 'k2', key: randomBytes(32) };
const aad = { tenantId: '0b5a3c52-6f43-4f0e-9b3e-1d1f4c0f0a01', category: 'security', key: 'smtp.password' };

function decryptionError(fn: () => unknown): SettingDecryptionError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(SettingDecryptionError);
    return err as SettingDecryptionError;
  }
  throw new Error('expected decryption to fail');
}

/** Flips one bit of one base64url part of a v1 value. */
function flip(ciphertext: string, part: number): string {
  const parts = ciphertext.split(':');
  const bytes = Buffer.from(parts[part]!, 'base64url');
  bytes[0]! ^= 0x01;
  parts[part] = bytes.toString('base64url');
  return parts.join(':');
}

describe('SettingsCipher', () => {
  it('round-trips text, including empty and non-ASCII text', () => {
    const cipher = new SettingsCipher([k1]);
    for (const plaintext of ['s3cret', '', 'pässwörd ✓ 🔑', 'x'.repeat(10_000)]) {
      expect(cipher.decrypt(cipher.encrypt(plaintext, aad), aad)).toBe(plaintext);
    }
  });

  it('writes a versioned, self-describing value that does not contain the plaintext', () => {
    const value = new SettingsCipher([k1]).encrypt('s3cret-password', aad);
    expect(value).toMatch(/^v1:k1:[A-Za-z0-9_-]{16}:[A-Za-z0-9_-]{22}:[A-Za-z0-9_-]+$/);
    expect(value).not.toContain('s3cret');
    expect(value).not.toContain(Buffer.from('s3cret-password').toString('base64url').slice(0, 8));
  });

  it('uses a fresh IV every time: the same plaintext never encrypts to the same value', () => {
    const cipher = new SettingsCipher([k1]);
    const values = new Set(Array.from({ length: 100 }, () => cipher.encrypt('same', aad)));
    const ivs = new Set([...values].map((v) => v.split(':')[2]));
    expect(values.size).toBe(100);
    expect(ivs.size).toBe(100);
  });

  it('encrypts with the newest key and decrypts values of any listed key', () => {
    const old = new SettingsCipher([k1]).encrypt('before rotation', aad);
    const rotated = new SettingsCipher([k2, k1]);
    const fresh = rotated.encrypt('after rotation', aad);
    expect(rotated.currentKeyId).toBe('k2');
    expect(rotated.keyIdOf(old)).toBe('k1');
    expect(rotated.keyIdOf(fresh)).toBe('k2');
    expect(rotated.isCurrent(old)).toBe(false);
    expect(rotated.isCurrent(fresh)).toBe(true);
    expect(rotated.decrypt(old, aad)).toBe('before rotation');
    expect(rotated.decrypt(fresh, aad)).toBe('after rotation');
  });

  it('refuses a value whose key is no longer configured, naming the key', () => {
    const old = new SettingsCipher([k1]).encrypt('x', aad);
    expect(decryptionError(() => new SettingsCipher([k2]).decrypt(old, aad)).message).toMatch(
      /key "k1", which is not configured/,
    );
  });

  it('refuses a value relabelled with another key id (wrong key) instead of returning garbage', () => {
    const cipher = new SettingsCipher([k2, k1]);
    const relabelled = cipher.encrypt('x', aad).replace(/^v1:k2:/, 'v1:k1:');
    expect(decryptionError(() => cipher.decrypt(relabelled, aad)).message).toMatch(
      /does not authenticate under key "k1"/,
    );
  });

  it('refuses a key with the same id but other bytes', () => {
    const value = new SettingsCipher([k1]).encrypt('x', aad);
    const impostor = new SettingsCipher([{ id: 'k1', key: randomBytes(32) }]);
    expect(decryptionError(() => impostor.decrypt(value, aad)).message).toMatch(/does not authenticate/);
  });

  it.each([
    ['IV', 2],
    ['tag', 3],
    ['ciphertext', 4],
  ])('refuses a value whose %s was tampered with', (_name, part) => {
    const cipher = new SettingsCipher([k1]);
    expect(decryptionError(() => cipher.decrypt(flip(cipher.encrypt('secret', aad), part), aad)).message).toMatch(
      /does not authenticate/,
    );
  });

  it.each([
    ['another tenant', { ...aad, tenantId: '7c9e6679-7425-40de-944b-e07fc1f90ae7' }],
    ['another category', { ...aad, category: 'billing' }],
    ['another key', { ...aad, key: 'smtp.user' }],
  ])('refuses a value bound to %s (additional authenticated data)', (_name, other) => {
    const cipher = new SettingsCipher([k1]);
    expect(decryptionError(() => cipher.decrypt(cipher.encrypt('secret', aad), other)).message).toMatch(
      /another tenant or setting/,
    );
  });

  it('keeps the fields of the additional data apart (no ambiguity from joining them)', () => {
    const cipher = new SettingsCipher([k1]);
    const value = cipher.encrypt('secret', { tenantId: 't', category: 'a:b', key: 'c' });
    expect(() => cipher.decrypt(value, { tenantId: 't', category: 'a', key: 'b:c' })).toThrow(SettingDecryptionError);
  });

  it.each([
    ['plaintext', 'hello'],
    ['an unknown version', 'v2:k1:AAAAAAAAAAAAAAAA:AAAAAAAAAAAAAAAAAAAAAA:AAAA'],
    ['missing parts', 'v1:k1:AAAA'],
    ['a bad IV length', 'v1:k1:AAAA:AAAAAAAAAAAAAAAAAAAAAA:AAAA'],
    ['non-base64url characters', 'v1:k1:AAAAAAAAAAAAAAAA:AAAAAAAAAAAAAAAAAAAAAA:AA+/'],
  ])('refuses %s with a format error', (_name, value) => {
    const cipher = new SettingsCipher([k1]);
    expect(decryptionError(() => cipher.decrypt(value, aad)).message).toMatch(/format|malformed/);
    expect(() => cipher.keyIdOf(value)).toThrow(SettingDecryptionError);
    expect(cipher.isCurrent(value)).toBe(false);
  });

  it('refuses bad key lists at construction', () => {
    expect(() => new SettingsCipher([])).toThrow(/at least one key/);
    expect(() => new SettingsCipher([{ id: 'k1', key: randomBytes(16) }])).toThrow(/32 bytes/);
    expect(() => new SettingsCipher([k1, { ...k2, id: 'k1' }])).toThrow(/appears twice/);
    expect(() => new SettingsCipher([{ id: 'bad:id', key: randomBytes(32) }])).toThrow(/must match/);
  });

  it('is not affected when the caller later changes the key buffer it passed', () => {
    const key = randomBytes(32);
    const cipher = new SettingsCipher([{ id: 'k1', key }]);
    const value = cipher.encrypt('x', aad);
    key.fill(0);
    expect(cipher.decrypt(value, aad)).toBe('x');
  });
});
