// What the provisioner accepts, validated before any SQL runs. A bad value is a BAD_USER_INPUT
// error naming the field (dotted path, e.g. `limits.users`, `domains.1.domain`).
import { z } from 'zod';
import { AppError, BadUserInputError } from '../../errors.js';
import { normalizeDomain } from '../../control-plane/domain-names.js';
import { defaultSchemaName, schemaNameError, slugError } from '../names.js';
import { TENANT_PLANS, type Limits, type TenantPlan, type TenantStatus } from '../../vocabulary.js';

export interface CreateTenantInput {
  name: string;
  slug: string;
  schemaName?: string;
  domain?: string | null;
  plan?: TenantPlan;
  settings?: Record<string, unknown>;
  limits?: Partial<Limits>;
  metadata?: Record<string, unknown>;
  domains?: { domain: string; primary?: boolean }[];
}

export interface UpdateTenantPatch {
  name?: string;
  plan?: TenantPlan;
  /** Merged into the current limits: keys not given keep their value. */
  limits?: Partial<Limits>;
  /** Merged key by key (top level); a key set to null is removed. */
  settings?: Record<string, unknown>;
  /** Merged key by key (top level); a key set to null is removed. */
  metadata?: Record<string, unknown>;
  /** 'archived' archives the tenant (schema renamed), as archiveTenant does. */
  status?: 'active' | 'suspended' | 'archived';
  billingCustomerId?: string | null;
  subscriptionId?: string | null;
}

/** What updateTenant is given: any status (the GraphQL enum has all four); validation refuses 'pending'. */
export type UpdateTenantRequest = Omit<UpdateTenantPatch, 'status'> & { status?: TenantStatus };

const name = z.string().trim().min(1, 'name is required').max(200, 'name must be at most 200 characters');
const jsonObject = z
  .record(z.string(), z.unknown())
  .refine((o) => JSON.stringify(o).length <= 64 * 1024, 'must be at most 64 KB of JSON');
const count = z
  .number()
  .int('must be a whole number')
  .min(0, 'must not be negative')
  .max(2 ** 31 - 1);
const limits = z
  .object({ users: count, storage_gb: z.number().min(0, 'must not be negative').max(1e9), api_calls_per_month: count })
  .partial()
  .strict();
const externalId = z.string().trim().min(1).max(255).nullable();

const createSchema = z
  .object({
    name,
    slug: z
      .string()
      .superRefine((v, ctx) => void (slugError(v) && ctx.addIssue({ code: 'custom', message: slugError(v)! }))),
    schemaName: z
      .string()
      .optional()
      .superRefine(
        (v, ctx) =>
          void (
            v !== undefined &&
            schemaNameError(v) &&
            ctx.addIssue({ code: 'custom', message: schemaNameError(v)! })
          ),
      ),
    domain: z.string().nullish(),
    plan: z.enum(TENANT_PLANS).optional(),
    settings: jsonObject.optional(),
    limits: limits.optional(),
    metadata: jsonObject.optional(),
    domains: z
      .array(z.object({ domain: z.string(), primary: z.boolean().nullish() }).strict())
      .max(50)
      .optional(),
  })
  .strict();

const updateSchema = z
  .object({
    name: name.optional(),
    plan: z.enum(TENANT_PLANS).optional(),
    limits: limits.optional(),
    settings: jsonObject.optional(),
    metadata: jsonObject.optional(),
    status: z
      .enum(['active', 'suspended', 'archived'], { message: 'status can be set to active, suspended or archived' })
      .optional(),
    billingCustomerId: externalId.optional(),
    subscriptionId: externalId.optional(),
  })
  .strict();

function parse<T>(schema: z.ZodType<T>, input: unknown, prefix = ''): T {
  // undefined means "not given" (GraphQL resolvers pass absent fields as undefined).
  const cleaned =
    input && typeof input === 'object'
      ? Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined))
      : input;
  const parsed = schema.safeParse(cleaned);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const field = prefix + issue.path.join('.');
  if (issue.code === 'unrecognized_keys') {
    const keys = issue.keys.join(', ');
    const immutable = issue.keys.some((k) => k === 'slug' || k === 'schemaName');
    throw new BadUserInputError(immutable ? `${keys} cannot be changed after creation` : `unknown field(s): ${keys}`, {
      field: field || issue.keys[0]!,
    });
  }
  throw new BadUserInputError(field ? `${field}: ${issue.message}` : issue.message, { field: field || 'input' });
}

export interface ValidCreateInput {
  name: string;
  slug: string;
  schemaName: string;
  plan: TenantPlan;
  settings: Record<string, unknown>;
  limits: Partial<Limits>;
  metadata: Record<string, unknown>;
  /** Canonical, unique; at most one primary. tenants.domain is the primary one. */
  domains: { domain: string; primary: boolean }[];
  primaryDomain: string | null;
}

export function validateCreateInput(input: unknown, opts: { baseDomain: string }): ValidCreateInput {
  const v = parse(createSchema, input);
  const canonical = (raw: string, field: string) => {
    try {
      return normalizeDomain(raw, opts);
    } catch (err) {
      if (err instanceof AppError) throw new BadUserInputError(`${field}: ${err.message}`, { field });
      throw err;
    }
  };
  const domains = (v.domains ?? []).map((d, i) => ({
    domain: canonical(d.domain, `domains.${i}.domain`),
    primary: d.primary ?? false,
  }));
  const primaries = domains.filter((d) => d.primary);
  if (primaries.length > 1) throw new BadUserInputError('only one domain can be primary', { field: 'domains' });
  let primaryDomain = primaries[0]?.domain ?? null;
  if (v.domain != null) {
    const domain = canonical(v.domain, 'domain');
    if (primaryDomain && primaryDomain !== domain) {
      throw new BadUserInputError('domain must be the primary one of domains (or leave one of them out)', {
        field: 'domain',
      });
    }
    primaryDomain = domain;
    const listed = domains.find((d) => d.domain === domain);
    if (listed) listed.primary = true;
    else domains.unshift({ domain, primary: true });
  }
  const seen = new Set<string>();
  for (const [i, d] of domains.entries()) {
    if (seen.has(d.domain))
      throw new BadUserInputError(`"${d.domain}" is listed twice`, { field: `domains.${i}.domain` });
    seen.add(d.domain);
  }
  return {
    name: v.name,
    slug: v.slug,
    schemaName: v.schemaName ?? defaultSchemaName(v.slug),
    plan: v.plan ?? 'basic',
    settings: v.settings ?? {},
    limits: v.limits ?? {},
    metadata: v.metadata ?? {},
    domains,
    primaryDomain,
  };
}

export function validateUpdatePatch(patch: unknown): UpdateTenantPatch {
  return parse(updateSchema, patch);
}

const reason = z.string().trim().max(1000, 'reason must be at most 1000 characters').optional();

export function validateReason(value: unknown): string | null {
  return parse(z.object({ reason }), { reason: value ?? undefined }).reason || null;
}
