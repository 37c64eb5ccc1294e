import { describe, expect } from 'vitest';
import { execute, expectNoErrors, hostOf, PLATFORM_HOST, uniqueSlug } from '../../helpers/api.js';
import { gql } from '../../gql/index.js';
import { test } from '../../helpers/fixtures.js';

const admin = { email: 'staff@platform.test', systemAdmin: true };

describe('the API end to end', () => {
  test('creates a tenant on the platform host and serves its data on its own host', async ({ gw }) => {
    const slug = uniqueSlug('smoke');
    const created = await execute(
      gw,
      gql(
        `mutation SmokeCreateTenant($input: CreateTenantInput!) { createTenant(input: $input) { id slug status schemaName domains { domain primary } } }`,
      ),
      {
        host: PLATFORM_HOST,
        as: admin,
        variables: { input: { name: 'Smoke', slug, domains: [{ domain: `${slug}.example.com`, primary: true }] } },
      },
    );
    expectNoErrors(created);
    expect(created.data.createTenant).toMatchObject({
      slug,
      status: 'ACTIVE',
      domains: [{ domain: `${slug}.example.com`, primary: true }],
    });

    const pub = await execute(gw, gql(`query SmokePublicTenant { currentTenant { id name slug branding } }`), {
      host: hostOf(slug),
    });
    expectNoErrors(pub);
    expect(pub.data.currentTenant).toMatchObject({ slug, name: 'Smoke' });

    const users = await execute(
      gw,
      gql(`mutation SmokeCreateUser { createUser(input: { email: "A@Example.com", name: "A" }) { email } }`),
      {
        host: hostOf(slug),
        as: admin,
      },
    );
    expectNoErrors(users);
    const list = await execute(
      gw,
      gql(`query SmokeUsers { users(first: 5) { totalCount edges { node { email } } } }`),
      { host: hostOf(slug), as: admin },
    );
    expectNoErrors(list);
    expect(list.data.users).toEqual({ totalCount: 1, edges: [{ node: { email: 'a@example.com' } }] });
  });

  test('lets an admin manage settings and members on the tenant host', async ({ gw, tenant: t }) => {
    const set = await execute(
      gw,
      gql(
        `mutation SmokeSetEncryptedSetting { setTenantSetting(input: { category: SECURITY, key: "apiKey", value: "s3cret", encrypted: true }) { key value encrypted type } }`,
      ),
      {
        host: t.host,
        as: t.admin,
      },
    );
    expectNoErrors(set);
    expect(set.data.setTenantSetting).toEqual({ key: 'apiKey', value: 's3cret', encrypted: true, type: 'STRING' });
    const asViewer = await execute(gw, gql(`query SmokeSettingsAsViewer { tenantSettings { key value encrypted } }`), {
      host: t.host,
      as: t.viewer,
    });
    expectNoErrors(asViewer);
    expect(asViewer.data.tenantSettings).toEqual([{ key: 'apiKey', value: null, encrypted: true }]);

    const invited = await execute(
      gw,
      gql(
        `mutation SmokeInviteMember { inviteMember(email: "new@x.test", role: MEMBER) { role status acceptedAt user { email } } }`,
      ),
      {
        host: t.host,
        as: t.admin,
      },
    );
    expectNoErrors(invited);
    expect(invited.data.inviteMember).toMatchObject({
      role: 'MEMBER',
      status: 'ACTIVE',
      acceptedAt: null,
      user: { email: 'new@x.test' },
    });
    const members = await execute(gw, gql(`query SmokeMemberCount { members(first: 10) { totalCount } }`), {
      host: t.host,
      as: t.viewer,
    });
    expectNoErrors(members);
    expect(members.data.members.totalCount).toBe(5);
    const audit = await execute(
      gw,
      gql(`query SmokeAuditActions { auditLogs(first: 10) { totalCount edges { node { action } } } }`),
      { host: t.host, as: t.admin },
    );
    expectNoErrors(audit);
    expect(audit.data.auditLogs.edges.map((e) => e.node.action)).toEqual(['member.invite', 'setting.set']);
  });
});
