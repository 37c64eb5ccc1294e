// Tenant settings: typed values, optionally encrypted (AES-256-GCM, tenant+category+key bound as
// additional data). Only ciphertext reaches the database; plaintext only reaches callers who may see it.
import type { PrismaClient, TenantSetting } from '../generated/prisma/client.js';
import { BadUserInputError, LimitExceededError } from '../errors.js';
import { SettingDecryptionError, SettingsCipher } from './settings-crypto.js';
import {
  assertSettingKey,
  decodeSettingValue,
  SettingValueDecodeError,
  encodeSettingValue,
  isSettingCategory,
  isSettingType,
  SETTING_CATEGORIES,
  type SettingType,
} from './settings-values.js';

export interface SetSettingInput {
  tenantId: string;
  category: string;
  key: string;
  value?: unknown;
  type?: SettingType | null;
  encrypted?: boolean | null;
}

export interface PresentedSetting {
  id: string;
  category: string;
  key: string;
  /** Decoded value; null for an encrypted one the caller may not read. */
  value: unknown;
  type: string;
  encrypted: boolean;
  updatedAt: Date;
}

/** The type a value would have if none is given. */
export function inferSettingType(value: unknown): SettingType {
  if (typeof value === 'string') return 'string';
  if (typeof value === 'boolean') return 'boolean';
  if (typeof value === 'number' && Number.isSafeInteger(value)) return 'integer';
  return 'json';
}

/** Setting rows a tenant may hold: each is capped in size, so this bounds what a tenant stores here. */
export const MAX_SETTINGS_PER_TENANT = 500;

export async function setSetting(
  db: PrismaClient,
  cipher: SettingsCipher | null,
  input: SetSettingInput,
): Promise<TenantSetting> {
  if (!isSettingCategory(input.category))
    throw new BadUserInputError(`unknown category "${input.category}"`, { field: 'category' });
  assertSettingKey(input.key);
  const where = { tenantId_category_key: { tenantId: input.tenantId, category: input.category, key: input.key } };
  // A replacement that does not say otherwise keeps the setting's type and encryption: a client that
  // only sends a new value must never turn a secret into plaintext, nor an integer into a string.
  const existing = await db.tenantSetting.findUnique({ where, select: { type: true, encrypted: true } });
  const type = input.type ?? (existing?.type as SettingType | undefined) ?? inferSettingType(input.value);
  if (!isSettingType(type)) throw new BadUserInputError(`unknown type "${String(type)}"`, { field: 'type' });
  if (!existing && (await db.tenantSetting.count({ where: { tenantId: input.tenantId } })) >= MAX_SETTINGS_PER_TENANT) {
    throw new LimitExceededError(`A tenant may hold at most ${MAX_SETTINGS_PER_TENANT} settings; delete one first.`, {
      limit: 'settings',
    });
  }
  let stored = encodeSettingValue(type, input.value);
  const encrypted = input.encrypted ?? existing?.encrypted ?? false;
  if (encrypted) {
    if (!cipher)
      throw new BadUserInputError('encrypted settings need SETTINGS_ENCRYPTION_KEYS on the server', {
        field: 'encrypted',
      });
    stored = cipher.encrypt(stored, { tenantId: input.tenantId, category: input.category, key: input.key });
  }
  return db.tenantSetting.upsert({
    where,
    create: { tenantId: input.tenantId, category: input.category, key: input.key, value: stored, type, encrypted },
    update: { value: stored, type, encrypted },
  });
}

export async function deleteSetting(
  db: PrismaClient,
  tenantId: string,
  category: string,
  key: string,
): Promise<boolean> {
  if (!isSettingCategory(category))
    throw new BadUserInputError(`unknown category "${category}"`, { field: 'category' });
  assertSettingKey(key);
  const { count } = await db.tenantSetting.deleteMany({ where: { tenantId, category, key } });
  return count > 0;
}

/** Told about a stored value that cannot be read (never given the value itself). */
export type UnreadableSettingHandler = (row: TenantSetting, error: Error) => void;

/**
 * A row as a caller may see it. A value that cannot be read — ciphertext under a key this server
 * does not have, tampered, or copied from another tenant or setting (the additional data does not
 * authenticate), or text written outside the gateway — is presented as null and reported to
 * `onUnreadable`: one bad row must neither leak anything nor fail every other setting of the tenant.
 */
export function presentSetting(
  row: TenantSetting,
  cipher: SettingsCipher | null,
  mayReadSecrets: boolean,
  onUnreadable: UnreadableSettingHandler,
): PresentedSetting {
  let value: unknown = null;
  if (row.value !== null && (!row.encrypted || mayReadSecrets)) {
    try {
      const text = row.encrypted
        ? requireCipher(cipher).decrypt(row.value, { tenantId: row.tenantId, category: row.category, key: row.key })
        : row.value;
      value = decodeSettingValue(row.type as SettingType, text);
    } catch (err) {
      if (!(err instanceof SettingDecryptionError || err instanceof SettingValueDecodeError)) throw err;
      onUnreadable(row, err);
    }
  }
  return {
    id: row.id,
    category: row.category,
    key: row.key,
    value,
    type: row.type,
    encrypted: row.encrypted,
    updatedAt: row.updatedAt,
  };
}

/** The original get_all_tenant_settings grouping: { category: { key: value } }, every category present. */
export function groupByCategory(settings: PresentedSetting[]): Record<string, Record<string, unknown>> {
  const grouped: Record<string, Record<string, unknown>> = Object.fromEntries(SETTING_CATEGORIES.map((c) => [c, {}]));
  for (const s of settings) grouped[s.category]![s.key] = s.value;
  return grouped;
}

function requireCipher(cipher: SettingsCipher | null): SettingsCipher {
  if (!cipher)
    throw new SettingDecryptionError('an encrypted setting exists but SETTINGS_ENCRYPTION_KEYS is not configured');
  return cipher;
}
