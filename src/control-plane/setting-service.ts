// Setting changes with their side effects, the same for every caller: a write is refused when the
// tenant is out of storage (limits.ts), values are validated and encrypted (settings.ts), and each
// change is audited for the actor passed in (never with the value).
import type pg from 'pg';
import type { TenantSetting } from '../generated/prisma/client.js';
import type { ClientCache } from '../tenancy/client-cache.js';
import { recordAudit, type AuditActor, type AuditedTenant } from './audit.js';
import { assertStorageRoom } from './limits.js';
import type { SettingsCipher } from './settings-crypto.js';
import { deleteSetting, setSetting, type SetSettingInput } from './settings.js';

export interface SettingServiceDeps {
  clients: Pick<ClientCache, 'control' | 'forSchema'>;
  pool: pg.Pool;
  cipher: SettingsCipher | null;
}

export class SettingService {
  constructor(private readonly deps: SettingServiceDeps) {}

  async set(
    tenant: AuditedTenant,
    input: Omit<SetSettingInput, 'tenantId'>,
    actor: AuditActor,
  ): Promise<TenantSetting> {
    await assertStorageRoom(this.deps.pool, tenant.id);
    const row = await setSetting(this.deps.clients.control(), this.deps.cipher, { ...input, tenantId: tenant.id });
    await recordAudit(this.deps.clients, tenant, actor, 'setting.set', 'setting', row.id, {
      category: row.category,
      key: row.key,
      encrypted: row.encrypted,
    });
    return row;
  }

  /** False when there was no such setting (nothing audited). */
  async delete(tenant: AuditedTenant, category: string, key: string, actor: AuditActor): Promise<boolean> {
    const deleted = await deleteSetting(this.deps.clients.control(), tenant.id, category, key);
    if (deleted)
      await recordAudit(this.deps.clients, tenant, actor, 'setting.delete', 'setting', null, { category, key });
    return deleted;
  }
}
