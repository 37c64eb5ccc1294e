// A gateway whose DNS resolver is a real DNS server on 127.0.0.1, and the domain mutations and reads the domains tests share.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, expect } from 'vitest';
import { graphql, outcome, tenantWithMembers } from '../../../helpers/api.js';
import { startTestDnsServer, type TestDnsServer } from '../../../helpers/dns-server.js';
import { useTestGateway } from '../../../helpers/gateway.js';

export type World = Awaited<ReturnType<typeof tenantWithMembers>>;
export const fresh = () => randomBytes(4).toString('hex');

export const ADD = `mutation($tenantId: ID, $domain: String!, $primary: Boolean) {
  addTenantDomain(tenantId: $tenantId, domain: $domain, primary: $primary) { id domain primary verifiedAt verificationToken verificationRecord }
}`;
export const VERIFY = 'mutation($id: ID!) { verifyTenantDomain(id: $id) { id domain verifiedAt } }';
export const SET_PRIMARY = 'mutation($id: ID!) { setPrimaryDomain(id: $id) { id domain primary } }';
export const REMOVE = 'mutation($id: ID!) { removeTenantDomain(id: $id) }';

/** Registers the file's DNS server and gateway; call at the top of a test file. */
export function useDomainsGateway() {
  const dns = {} as { current: TestDnsServer };
  // Registered before useTestGateway's own beforeAll, which reads the env function after this ran.
  beforeAll(async () => {
    dns.current = await startTestDnsServer();
  });
  afterAll(async () => {
    await dns.current?.close();
  });
  const gw = useTestGateway(() => ({ DNS_RESOLVERS: dns.current.address, DNS_TIMEOUT_MS: '2000' }));
  const control = () => gw.current.services.clients.control();

  async function add(t: World, domain: string, primary?: boolean) {
    const result = await graphql(gw.current, { host: t.host, as: t.admin, query: ADD, variables: { domain, primary } });
    expect(result.errors).toBeUndefined();
    return result.data.addTenantDomain as { id: string; domain: string; primary: boolean; verificationToken: string; verificationRecord: string };
  }

  /** Publishes the domain's token in DNS, as its owner would, and verifies it. */
  async function addVerified(t: World, domain: string, primary?: boolean) {
    const added = await add(t, domain, primary);
    dns.current.zone.txt.set(added.verificationRecord, [[added.verificationToken]]);
    const verified = await graphql(gw.current, { host: t.host, as: t.admin, query: VERIFY, variables: { id: added.id } });
    expect(verified.errors).toBeUndefined();
    return added;
  }

  const run = (t: World, query: string, id: string) => graphql(gw.current, { host: t.host, as: t.admin, query, variables: { id } });

  /** Tenant.domain and the domains as a member of the tenant sees them. */
  async function domainsOf(t: World) {
    const result = await graphql(gw.current, {
      host: t.host,
      as: t.owner,
      query: '{ currentTenant { domain domains { domain primary verifiedAt } } }',
    });
    expect(result.errors).toBeUndefined();
    return result.data.currentTenant as { domain: string | null; domains: { domain: string; primary: boolean; verifiedAt: string | null }[] };
  }

  /** Who answers at `host`: the tenant's slug, or the door's refusal. */
  async function servedAt(host: string) {
    const result = await graphql(gw.current, { host, query: '{ currentTenant { slug } }' });
    return result.errors ? `${result.status} ${outcome(result)}` : result.data.currentTenant?.slug;
  }

  return { gw, dns, control, add, addVerified, run, domainsOf, servedAt };
}
