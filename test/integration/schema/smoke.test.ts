import { describe, expect, it } from 'vitest';
import { graphql, hostOf, PLATFORM_HOST, tenantWithMembers, uniqueSlug } from '../../helpers/api.js';
import { useTestGateway } from '../../helpers/gateway.js';

const gw = useTestGateway();
const admin = { email: 'staff@platform.test', systemAdmin: true };

describe('the API end to end', () => {
  it('creates a tenant on the platform host and serves its data on its own host', async () => {
    const slug = uniqueSlug('smoke');
    const created = await graphql(gw.current, {
      host: PLATFORM_HOST,
      as: admin,
      query: `mutation($input: CreateTenantInput!) { createTenant(input: $input) { id slug status schemaName domains { domain primary } } }`,
      variables: { input: { name: 'Smoke', slug, domains: [{ domain: `${slug}.example.com`, primary: true }] } },
    });
    expect(created.errors).toBeUndefined();
    expect(created.data.createTenant).toMatchObject({ slug, status: 'ACTIVE', domains: [{ domain: `${slug}.example.com`, primary: true }] });

    const pub = await graphql(gw.current, { host: hostOf(slug), query: '{ currentTenant { id name slug branding } }' });
    expect(pub.errors).toBeUndefined();
    expect(pub.data.currentTenant).toMatchObject({ slug, name: 'Smoke' });

    const users = await graphql(gw.current, {
      host: hostOf(slug),
      as: admin,
      query: `mutation { createUser(input: { email: "A@Example.com", name: "A" }) { email } }`,
    });
    expect(users.errors).toBeUndefined();
    const list = await graphql(gw.current, { host: hostOf(slug), as: admin, query: '{ users(first: 5) { totalCount edges { node { email } } } }' });
    expect(list.data.users).toEqual({ totalCount: 1, edges: [{ node: { email: 'a@example.com' } }] });
  });

  it('lets an admin manage settings and members on the tenant host', async () => {
    const t = await tenantWithMembers(gw.current);
    const set = await graphql(gw.current, {
      host: t.host,
      as: t.admin,
      query: `mutation { setTenantSetting(input: { category: SECURITY, key: "apiKey", value: "s3cret", encrypted: true }) { key value encrypted type } }`,
    });
    expect(set.errors).toBeUndefined();
    expect(set.data.setTenantSetting).toEqual({ key: 'apiKey', value: 's3cret', encrypted: true, type: 'STRING' });
    const asViewer = await graphql(gw.current, { host: t.host, as: t.viewer, query: '{ tenantSettings { key value encrypted } }' });
    expect(asViewer.data.tenantSettings).toEqual([{ key: 'apiKey', value: null, encrypted: true }]);

    const invited = await graphql(gw.current, {
      host: t.host,
      as: t.admin,
      query: `mutation { inviteMember(email: "new@x.test", role: MEMBER) { role status acceptedAt user { email } } }`,
    });
    expect(invited.errors).toBeUndefined();
    expect(invited.data.inviteMember).toMatchObject({ role: 'MEMBER', status: 'ACTIVE', acceptedAt: null, user: { email: 'new@x.test' } });
    const members = await graphql(gw.current, { host: t.host, as: t.viewer, query: '{ members(first: 10) { totalCount } }' });
    expect(members.data.members.totalCount).toBe(5);
    const audit = await graphql(gw.current, { host: t.host, as: t.admin, query: '{ auditLogs(first: 10) { totalCount edges { node { action } } } }' });
    expect(audit.data.auditLogs.edges.map((e: any) => e.node.action)).toEqual(['member.invite', 'setting.set']);
  });
});
