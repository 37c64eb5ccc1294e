// Custom domains: add (returns a verification token), verify by DNS TXT, set primary, remove.
import type { GraphQLContext } from '../context.js';
import { UnauthenticatedError } from '../errors.js';
import { targetTenant } from './access.js';
import { viewerActor } from '../control-plane/audit.js';
import { verificationRecordName } from '../control-plane/domain-verification.js';
import { builder } from './builder.js';

const tenantAdmins = (domain: { tenantId: string }) => ({
  tenantRole: { tenantId: domain.tenantId, role: 'admin' as const },
});

builder.prismaObject('TenantDomain', {
  description: 'A custom domain of a tenant. Only verified domains route to the tenant.',
  fields: (t) => ({
    id: t.exposeID('id', { description: 'Domain id.' }),
    domain: t.exposeString('domain', { description: 'Lower-case host name (IDN as punycode).' }),
    primary: t.exposeBoolean('primary', {
      description: "The tenant's primary domain (mirrored in Tenant.domain once verified).",
    }),
    verifiedAt: t.expose('verifiedAt', {
      type: 'DateTime',
      nullable: true,
      description: 'When DNS ownership was proven; null = not routed.',
    }),
    sslEnabled: t.exposeBoolean('sslEnabled', { description: 'TLS is terminated for this domain.' }),
    customSslCertificate: t.exposeString('customSslCertificate', {
      nullable: true,
      authScopes: tenantAdmins,
      description: 'Custom certificate (PEM), if any (admins and owners).',
    }),
    verificationToken: t.exposeString('verificationToken', {
      authScopes: tenantAdmins,
      description:
        'Publish it as a TXT record at verificationRecord, then call verifyTenantDomain (admins and owners).',
    }),
    verificationRecord: t.string({
      authScopes: tenantAdmins,
      description: 'DNS name of the TXT record that proves ownership.',
      resolve: (d) => verificationRecordName(d.domain),
    }),
  }),
});

/** Scope of a mutation addressing a domain by id: admin of the domain's tenant (NOT_FOUND if unknown). */
async function domainAdmins(ctx: GraphQLContext, id: string) {
  if (!ctx.viewer) throw new UnauthenticatedError();
  const domain = await ctx.services.domains.find(id);
  return { tenantRole: { tenantId: domain.tenantId, role: 'admin' as const } };
}

builder.mutationFields((t) => ({
  addTenantDomain: t.prismaField({
    type: 'TenantDomain',
    description: 'Adds a custom domain (unverified; it routes once verified). Admins and owners.',
    args: {
      tenantId: t.arg.id({ required: false }),
      domain: t.arg.string({ required: true }),
      primary: t.arg.boolean({ required: false }),
    },
    authScopes: (_root, args) => ({ tenantRole: { tenantId: args.tenantId, role: 'admin' as const } }),
    resolve: async (_query, _root, args, ctx) => {
      const tenant = await targetTenant(ctx, args.tenantId);
      return ctx.services.domains.add(tenant, args.domain, args.primary ?? false, viewerActor(ctx));
    },
  }),
  verifyTenantDomain: t.prismaField({
    type: 'TenantDomain',
    description:
      'Checks the TXT record _tenant-verification.<domain> against the token; BAD_USER_INPUT says why when it does not match.',
    args: { id: t.arg.id({ required: true }) },
    authScopes: (_root, args, ctx) => domainAdmins(ctx, args.id),
    resolve: async (_query, _root, args, ctx) => {
      const row = await ctx.services.domains.find(args.id);
      return ctx.services.domains.verify(await targetTenant(ctx, row.tenantId), row, viewerActor(ctx));
    },
  }),
  setPrimaryDomain: t.prismaField({
    type: 'TenantDomain',
    description: "Makes this the tenant's primary domain (Tenant.domain follows once it is verified).",
    args: { id: t.arg.id({ required: true }) },
    authScopes: (_root, args, ctx) => domainAdmins(ctx, args.id),
    resolve: async (_query, _root, args, ctx) => {
      const row = await ctx.services.domains.find(args.id);
      return ctx.services.domains.setPrimary(await targetTenant(ctx, row.tenantId), row, viewerActor(ctx));
    },
  }),
  removeTenantDomain: t.boolean({
    description: 'Removes a domain; it stops routing at once, in every gateway process.',
    args: { id: t.arg.id({ required: true }) },
    authScopes: (_root, args, ctx) => domainAdmins(ctx, args.id),
    resolve: async (_root, args, ctx) => {
      const row = await ctx.services.domains.find(args.id);
      return ctx.services.domains.remove(await targetTenant(ctx, row.tenantId), row, viewerActor(ctx));
    },
  }),
}));
