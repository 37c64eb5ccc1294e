// Tenant settings: typed values, encrypted ones readable only by admins, owners and system admins.
import type { GraphQLContext } from '../context.js';
import { hasTenantRole, targetTenant } from './access.js';
import {
  groupByCategory,
  presentSetting,
  type PresentedSetting,
  type UnreadableSettingHandler,
} from '../control-plane/settings.js';
import { viewerActor } from '../control-plane/audit.js';
import { builder } from './builder.js';
import { SettingCategory, SettingType } from './enums.js';
import { SETTING_CATEGORIES, SETTING_TYPES, stored } from '../vocabulary.js';

export const TenantSettingRef = builder.objectRef<PresentedSetting>('TenantSetting').implement({
  description: 'One tenant setting.',
  fields: (t) => ({
    id: t.exposeID('id', { description: 'Setting id.' }),
    category: t.field({
      type: SettingCategory,
      description: 'Category.',
      resolve: (s) => stored(SETTING_CATEGORIES, s.category),
    }),
    key: t.exposeString('key', { description: 'Key, unique within the category.' }),
    value: t.field({
      type: 'JSON',
      nullable: true,
      description:
        'The value; null for an encrypted setting unless you are an admin, owner or system admin, and for a stored value this server cannot decrypt or read (logged).',
      resolve: (s) => s.value,
    }),
    type: t.field({
      type: SettingType,
      description: 'Type the value is validated against.',
      resolve: (s) => stored(SETTING_TYPES, s.type),
    }),
    encrypted: t.exposeBoolean('encrypted', { description: 'Stored encrypted (AES-256-GCM).' }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime', description: 'Last changed at.' }),
  }),
});

/** Logs an unreadable stored value for operators (ids and reason only; never the value). */
function logUnreadable(ctx: GraphQLContext): UnreadableSettingHandler {
  return (row, error) =>
    ctx.services.logger.error(
      {
        requestId: ctx.requestId,
        tenantId: row.tenantId,
        settingId: row.id,
        category: row.category,
        key: row.key,
        reason: error.message,
      },
      row.encrypted ? 'encrypted setting cannot be decrypted' : 'setting value cannot be decoded',
    );
}

async function readableSettings(ctx: GraphQLContext, tenantId: string, category?: string | null) {
  const rows = await ctx.services.clients.control().tenantSetting.findMany({
    where: { tenantId, ...(category ? { category } : {}) },
    orderBy: [{ category: 'asc' }, { key: 'asc' }],
  });
  const mayReadSecrets = await hasTenantRole(ctx, tenantId, 'admin');
  return rows.map((row) => presentSetting(row, ctx.services.cipher, mayReadSecrets, logUnreadable(ctx)));
}

/** Non-encrypted BRANDING settings as { key: value }: public on the tenant's host. */
export async function brandingOf(ctx: GraphQLContext, tenantId: string): Promise<Record<string, unknown>> {
  const rows = await ctx.services.clients.control().tenantSetting.findMany({
    where: { tenantId, category: 'branding', encrypted: false },
    orderBy: { key: 'asc' },
  });
  return groupByCategory(rows.map((row) => presentSetting(row, null, false, logUnreadable(ctx)))).branding!;
}

const SetTenantSettingInput = builder.inputType('SetTenantSettingInput', {
  description: 'A setting to create or replace.',
  fields: (t) => ({
    tenantId: t.id({ required: false, description: "Defaults to the host's tenant." }),
    category: t.field({ type: SettingCategory, required: true }),
    key: t.string({ required: true, description: 'Letters, digits, _ . - (starts with a letter, ≤ 100).' }),
    value: t.field({ type: 'JSON', required: true, description: 'Must match the type.' }),
    type: t.field({
      type: SettingType,
      required: false,
      description: "Omitted: the existing setting's type, or inferred from the value for a new one.",
    }),
    encrypted: t.boolean({
      required: false,
      description:
        'Store encrypted; only admins and owners can read it back. Omitted: as the existing setting is (a secret stays encrypted), else false.',
    }),
  }),
});

builder.queryFields((t) => ({
  tenantSettings: t.field({
    type: [TenantSettingRef],
    description:
      'Settings of a tenant, optionally of one category (members; encrypted values only for admins and owners).',
    args: { tenantId: t.arg.id({ required: false }), category: t.arg({ type: SettingCategory, required: false }) },
    authScopes: (_root, args) => ({ tenantRole: { tenantId: args.tenantId, role: 'viewer' as const } }),
    resolve: async (_root, args, ctx) =>
      readableSettings(ctx, (await targetTenant(ctx, args.tenantId)).id, args.category),
  }),
  settingsByCategory: t.field({
    type: 'JSON',
    description: 'All settings grouped as { category: { key: value } } (encrypted values null unless admin/owner).',
    args: { tenantId: t.arg.id({ required: false }) },
    authScopes: (_root, args) => ({ tenantRole: { tenantId: args.tenantId, role: 'viewer' as const } }),
    resolve: async (_root, args, ctx) =>
      groupByCategory(await readableSettings(ctx, (await targetTenant(ctx, args.tenantId)).id)),
  }),
}));

builder.mutationFields((t) => ({
  setTenantSetting: t.field({
    type: TenantSettingRef,
    description: 'Creates or replaces a setting (admins and owners).',
    args: { input: t.arg({ type: SetTenantSettingInput, required: true }) },
    authScopes: (_root, args) => ({ tenantRole: { tenantId: args.input.tenantId, role: 'admin' as const } }),
    resolve: async (_root, { input }, ctx) => {
      const tenant = await targetTenant(ctx, input.tenantId);
      const row = await ctx.services.settings.set(tenant, input, viewerActor(ctx));
      return presentSetting(row, ctx.services.cipher, true, logUnreadable(ctx));
    },
  }),
  deleteTenantSetting: t.boolean({
    description: 'Deletes a setting; false when there was none (admins and owners).',
    args: {
      tenantId: t.arg.id({ required: false }),
      category: t.arg({ type: SettingCategory, required: true }),
      key: t.arg.string({ required: true }),
    },
    authScopes: (_root, args) => ({ tenantRole: { tenantId: args.tenantId, role: 'admin' as const } }),
    resolve: async (_root, args, ctx) => {
      const tenant = await targetTenant(ctx, args.tenantId);
      return ctx.services.settings.delete(tenant, args.category, args.key, viewerActor(ctx));
    },
  }),
}));
