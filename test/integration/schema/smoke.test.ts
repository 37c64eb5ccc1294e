import { describe, expect, it } from 'vitest';
import { execute, expectNoErrors, hostOf, PLATFORM_HOST, tenantWithMembers, uniqueSlug } from '../../helpers/api.js';
import { useTestGateway } from '../../helpers/gateway.js';
import { gql } from '../../gql/index.js';

const gw = useTestGateway();
const admin = { email: 'staff@platform.test', systemAdmin: true };

describe('the API end to end', () => {
  it('creates a tenant on the platform host and serves its data on its own host', async () => {
    const slug = uniqueSlug('smoke');
    const created = await execute(gw.current, gql(`mutation SmokeCreateTenant($input: CreateTenantInput!) { createTenant(input: $input) { id slug status schemaName domains { domain primary } } }`), {
      host: PLATFORM_HOST,
      as: admin,
      variables: { input: { name: 'Smoke', slug, domains: [{ domain: `${slug}.example.com`, primary: true }] } },
    });
    expectNoErrors(created);
    expect(created.data.createTenant).toMatchObject({ slug, status: 'ACTIVE', domains: [{ domain: `${slug}.example.com`, primary: true }] });

    const pub = await execute(gw.current, gql(`query SmokeCurrentTenant { currentTenant { id name slug branding } }`), { host: hostOf(slug) });
    expectNoErrors(pub);
    expect(pub.data.currentTenant).toMatchObject({ slug, name: 'Smoke' });

    const users = await execute(gw.current, gql(`mutation SmokeCreateUser { createUser(input: { email: "A@Example.com", name: "A" }) { email } }`), {
      host: hostOf(slug),
      as: admin,
    });
    expectNoErrors(users);
    const list = await execute(gw.current, gql(`query SmokeUsers { users(first: 5) { totalCount edges { node { email } } } }`), { host: hostOf(slug), as: admin });
    expectNoErrors(list);
    expect(list.data.users).toEqual({ totalCount: 1, edges: [{ node: { email: 'a@example.com' } }] });
  });

  it('lets an admin manage settings and members on the tenant host', async () => {
    const t = await tenantWithMembers(gw.current);
    const set = await execute(gw.current, gql(`mutation SmokeSetTenantSetting { setTenantSetting(input: { category: SECURITY, key: "apiKey", value: "s3cret", encrypted: true }) { key value encrypted type } }`), {
      host: t.host,
      as: t.admin,
    });
    expectNoErrors(set);
    expect(set.data.setTenantSetting).toEqual({ key: 'apiKey', value: 's3cret', encrypted: true, type: 'STRING' });
    const asViewer = await execute(gw.current, gql(`query SmokeTenantSettings { tenantSettings { key value encrypted } }`), { host: t.host, as: t.viewer });
    expectNoErrors(asViewer);
    expect(asViewer.data.tenantSettings).toEqual([{ key: 'apiKey', value: null, encrypted: true }]);

    const invited = await execute(gw.current, gql(`mutation SmokeInviteMember { inviteMember(email: "new@x.test", role: MEMBER) { role status acceptedAt user { email } } }`), {
      host: t.host,
      as: t.admin,
    });
    expectNoErrors(invited);
    expect(invited.data.inviteMember).toMatchObject({ role: 'MEMBER', status: 'ACTIVE', acceptedAt: null, user: { email: 'new@x.test' } });
    const members = await execute(gw.current, gql(`query SmokeMembers { members(first: 10) { totalCount } }`), { host: t.host, as: t.viewer });
    expectNoErrors(members);
    expect(members.data.members.totalCount).toBe(5);
    const audit = await execute(gw.current, gql(`query SmokeAuditLogs { auditLogs(first: 10) { totalCount edges { node { action } } } }`), { host: t.host, as: t.admin });
    expectNoErrors(audit);
    expect(audit.data.auditLogs.edges.map((e) => e.node.action)).toEqual(['member.invite', 'setting.set']);
  });
});
