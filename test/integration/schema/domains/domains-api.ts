// The domains tests' fixtures: `dns`, a real DNS server on 127.0.0.1 for the file; `gw`, the file's gateway resolving
// with it; `domains`, the domain mutations and reads they share.
import { randomBytes } from 'node:crypto';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { execute, expectNoErrors, outcome, tenantWithMembers } from '../../../helpers/api.js';
import { startTestDnsServer, type TestDnsServer } from '../../../helpers/dns-server.js';
import { startTestGateway, test as base } from '../../../helpers/fixtures.js';
import type { TestGateway } from '../../../helpers/gateway.js';
import { gql } from '../../../gql/index.js';

export type World = Awaited<ReturnType<typeof tenantWithMembers>>;
export const fresh = () => randomBytes(4).toString('hex');

export const ADD = gql(`
  mutation AddTenantDomain($tenantId: ID, $domain: String!, $primary: Boolean) {
    addTenantDomain(tenantId: $tenantId, domain: $domain, primary: $primary) { id domain primary verifiedAt verificationToken verificationRecord }
  }
`);
export const VERIFY = gql(`
  mutation VerifyTenantDomain($id: ID!) { verifyTenantDomain(id: $id) { id domain verifiedAt } }
`);
export const SET_PRIMARY = gql(`
  mutation SetPrimaryDomain($id: ID!) { setPrimaryDomain(id: $id) { id domain primary } }
`);
export const REMOVE = gql(`
  mutation RemoveTenantDomain($id: ID!) { removeTenantDomain(id: $id) }
`);
const DOMAINS = gql(`
  query TenantDomains { currentTenant { domain domains { domain primary verifiedAt } } }
`);
const SERVED_SLUG = gql(`
  query ServedSlug { currentTenant { slug } }
`);

/** The domain mutations and reads, bound to a gateway and the DNS server it resolves with. */
export function domainsApi(gw: TestGateway, dns: TestDnsServer) {
  const control = () => gw.services.clients.control();

  async function add(t: World, domain: string, primary?: boolean) {
    const result = await execute(gw, ADD, { host: t.host, as: t.admin, variables: { domain, primary } });
    expectNoErrors(result);
    return result.data.addTenantDomain;
  }

  /** Publishes the domain's token in DNS, as its owner would, and verifies it. */
  async function addVerified(t: World, domain: string, primary?: boolean) {
    const added = await add(t, domain, primary);
    dns.zone.txt.set(added.verificationRecord, [[added.verificationToken]]);
    const verified = await execute(gw, VERIFY, { host: t.host, as: t.admin, variables: { id: added.id } });
    expectNoErrors(verified);
    return added;
  }

  /** One of the mutations that take a domain's id (VERIFY, SET_PRIMARY, REMOVE), as the tenant's admin. */
  const run = <R, V extends { id: string }>(t: World, document: TypedDocumentNode<R, V>, id: string) =>
    execute(gw, document as TypedDocumentNode<R, { id: string }>, { host: t.host, as: t.admin, variables: { id } });

  /** Tenant.domain and the domains as a member of the tenant sees them. */
  async function domainsOf(t: World) {
    const result = await execute(gw, DOMAINS, { host: t.host, as: t.owner });
    expectNoErrors(result);
    return result.data.currentTenant!;
  }

  /** Who answers at `host`: the tenant's slug, or the door's refusal. */
  async function servedAt(host: string) {
    const result = await execute(gw, SERVED_SLUG, { host });
    return result.errors ? `${result.status} ${outcome(result)}` : result.data?.currentTenant?.slug;
  }

  return { control, add, addVerified, run, domainsOf, servedAt };
}

export const test = base
  .extend('dns', { scope: 'file' }, async ({}, { onCleanup }) => {
    const dns = await startTestDnsServer();
    onCleanup(() => dns.close());
    return dns;
  })
  .extend('gw', { scope: 'file' }, async ({ dns }, { onCleanup }) =>
    startTestGateway({ DNS_RESOLVERS: dns.address, DNS_TIMEOUT_MS: '2000' }, onCleanup),
  )
  .extend('domains', async ({ gw, dns }) => domainsApi(gw, dns));
