// Encrypted settings: AES-256-GCM with a fresh random 96-bit IV per value. The text stored is
//   v1:<keyId>:<iv>:<tag>:<ciphertext>   (base64url parts)
// so any listed key can decrypt what it wrote while the newest key encrypts (rotation), and the
// tenant, category and key of the setting are authenticated data: a value copied to another tenant
// or setting fails authentication instead of decrypting.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

export interface EncryptionKey {
  id: string;
  key: Buffer;
}

export interface SettingAad {
  tenantId: string;
  category: string;
  key: string;
}

const VERSION = 'v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;
const KEY_ID = /^[A-Za-z0-9_-]{1,32}$/;
const BASE64URL = /^[A-Za-z0-9_-]*$/;

/** A value that cannot be decrypted: malformed, unknown key, wrong key, tampered or bound to another setting. */
export class SettingDecryptionError extends Error {
  override name = 'SettingDecryptionError';
}

interface Parsed {
  keyId: string;
  iv: Buffer;
  tag: Buffer;
  body: Buffer;
}

function parse(ciphertext: string): Parsed {
  if (typeof ciphertext !== 'string') throw new SettingDecryptionError('encrypted value is not a string');
  const parts = ciphertext.split(':');
  if (parts[0] !== VERSION) {
    throw new SettingDecryptionError(`encrypted value has an unknown format (expected "${VERSION}:…")`);
  }
  const [, keyId, iv, tag, body] = parts;
  if (parts.length !== 5 || !KEY_ID.test(keyId!) || ![iv, tag, body].every((p) => BASE64URL.test(p!))) {
    throw new SettingDecryptionError(
      `encrypted value is malformed (expected ${VERSION}:<keyId>:<iv>:<tag>:<ciphertext>)`,
    );
  }
  const parsed = {
    keyId: keyId!,
    iv: Buffer.from(iv!, 'base64url'),
    tag: Buffer.from(tag!, 'base64url'),
    body: Buffer.from(body!, 'base64url'),
  };
  if (parsed.iv.length !== IV_BYTES || parsed.tag.length !== TAG_BYTES) {
    throw new SettingDecryptionError('encrypted value is malformed (bad IV or tag length)');
  }
  return parsed;
}

// Length-prefixed by JSON: ("a:b","c") and ("a","b:c") must not authenticate as the same setting.
function aadBytes(keyId: string, aad: SettingAad): Buffer {
  if (!aad || typeof aad.tenantId !== 'string' || typeof aad.category !== 'string' || typeof aad.key !== 'string') {
    throw new TypeError('additional data needs tenantId, category and key strings');
  }
  return Buffer.from(JSON.stringify([VERSION, keyId, aad.tenantId, aad.category, aad.key]));
}

export class SettingsCipher {
  readonly #keys: ReadonlyMap<string, Buffer>;
  readonly #current: EncryptionKey;

  /** `keys` newest first (as SETTINGS_ENCRYPTION_KEYS): the first one encrypts, every one decrypts. */
  constructor(keys: EncryptionKey[]) {
    if (!Array.isArray(keys) || keys.length === 0) throw new Error('SettingsCipher needs at least one key');
    const map = new Map<string, Buffer>();
    for (const { id, key } of keys) {
      if (!KEY_ID.test(id)) throw new Error(`encryption key id "${id}" must match ${KEY_ID}`);
      if (!Buffer.isBuffer(key) || key.length !== 32) throw new Error(`encryption key "${id}" must be 32 bytes`);
      if (map.has(id)) throw new Error(`encryption key id "${id}" appears twice`);
      map.set(id, Buffer.from(key));
    }
    this.#keys = map;
    this.#current = { id: keys[0]!.id, key: map.get(keys[0]!.id)! };
  }

  /** Id of the key that encrypts new values. */
  get currentKeyId(): string {
    return this.#current.id;
  }

  encrypt(plaintext: string, aad: SettingAad): string {
    if (typeof plaintext !== 'string') throw new TypeError('plaintext must be a string');
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.#current.key, iv, { authTagLength: TAG_BYTES });
    cipher.setAAD(aadBytes(this.#current.id, aad));
    const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    const tag = cipher.getAuthTag();
    return [
      VERSION,
      this.#current.id,
      iv.toString('base64url'),
      tag.toString('base64url'),
      body.toString('base64url'),
    ].join(':');
  }

  decrypt(ciphertext: string, aad: SettingAad): string {
    const { keyId, iv, tag, body } = parse(ciphertext);
    const key = this.#keys.get(keyId);
    if (!key)
      throw new SettingDecryptionError(
        `encrypted value uses key "${keyId}", which is not configured (SETTINGS_ENCRYPTION_KEYS)`,
      );
    const decipher = createDecipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
    decipher.setAAD(aadBytes(keyId, aad));
    decipher.setAuthTag(tag);
    try {
      return Buffer.concat([decipher.update(body), decipher.final()]).toString('utf8');
    } catch {
      throw new SettingDecryptionError(
        `encrypted value does not authenticate under key "${keyId}": wrong key, tampered value, or it belongs to another tenant or setting`,
      );
    }
  }

  /** Key id a stored value was encrypted with; throws SettingDecryptionError when it is not a v1 value. */
  keyIdOf(ciphertext: string): string {
    return parse(ciphertext).keyId;
  }

  /** True when the value is a well-formed v1 value under the newest key (nothing to re-encrypt). */
  isCurrent(ciphertext: string): boolean {
    try {
      return parse(ciphertext).keyId === this.#current.id;
    } catch {
      return false;
    }
  }
}
