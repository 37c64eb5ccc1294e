// Two gateway processes on one database: a change made through one is honoured by the other within
// 1 s. One gateway runs in this process (so the test can publish through its ChangeBus, as the
// provisioner and the API do); the other is `src/main.ts` in a process of its own. Host caches live
// for an hour, so only the cross-process invalidation (LISTEN/NOTIFY) can explain a fresh answer.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGateway, type RunningGateway } from '../../src/app.js';
import type { TenantChange } from '../../src/tenancy/changes.js';
import { createLogger } from '../../src/logger.js';
import { signToken } from '../helpers/api.js';
import { TEST_JWT_SECRET, testConfig, useTestDatabase } from '../helpers/database.js';
import { graphqlPost } from '../helpers/http.js';
import { startGatewayProcess, type GatewayProcess } from '../helpers/spawn-gateway.js';
import {
  addDomain,
  eventually,
  insertTenant,
  moveDomain,
  removeDomain,
  setTenantStatus,
  type TenantRow,
} from '../helpers/tenant-rows.js';

const db = useTestDatabase();
const CACHE_FOR_AN_HOUR = { HOST_CACHE_TTL_SECONDS: '3600', MEMBERSHIP_CACHE_TTL_SECONDS: '3600' };
let local: RunningGateway;
let remote: GatewayProcess;
let acme: TenantRow;
let beta: TenantRow;

beforeAll(async () => {
  acme = await insertTenant(db.current.pool, { slug: 'two-acme' });
  beta = await insertTenant(db.current.pool, { slug: 'two-beta', status: 'suspended' });
  const config = testConfig({ PORT: '0', HOST: '127.0.0.1', ...CACHE_FOR_AN_HOUR }, db.current.url);
  [local, remote] = await Promise.all([
    startGateway(config, createLogger(config)),
    startGatewayProcess({
      DATABASE_URL: db.current.url,
      NODE_ENV: 'test',
      JWT_SECRET: TEST_JWT_SECRET,
      ...CACHE_FOR_AN_HOUR,
    }),
  ]);
}, 90_000);

afterAll(async () => {
  await Promise.all([local?.stop(), remote?.stop()]);
});

const statusAt = async (url: string, host: string) => (await graphqlPost(url, host, '{ serverTime }')).status;
const bothGateways = () => [local.url, remote.url];

/** Publishes through the in-process gateway, then waits until both gateways answer `status` for `host`. */
async function publishAndExpect(change: TenantChange, host: string, status: number): Promise<number[]> {
  await local.services.changes.publish(change);
  return Promise.all(
    bothGateways().map((url) =>
      eventually(async () => (await statusAt(url, host)) === status, 1000, `${url} answering ${status} for ${host}`),
    ),
  );
}

describe('two gateways on one database', () => {
  it('honour a custom domain added, moved and removed through one of them within 1 s', async () => {
    const host = 'shop.two-gateways.test';
    // Both caches now hold the negative answer for the domain and the positive one for acme.
    for (const url of bothGateways()) {
      expect(await statusAt(url, host)).toBe(404);
      expect(await statusAt(url, 'two-acme.localhost')).toBe(200);
    }

    await addDomain(db.current.pool, acme.id, host);
    const added = await publishAndExpect({ kind: 'domain', tenantId: acme.id, domains: [host] }, host, 200);

    await moveDomain(db.current.pool, host, beta.id); // beta is suspended: the move shows as 403
    const moved = await publishAndExpect({ kind: 'domain', tenantId: beta.id, domains: [host] }, host, 403);

    await removeDomain(db.current.pool, host);
    const removed = await publishAndExpect({ kind: 'domain', tenantId: beta.id, domains: [host] }, host, 404);

    for (const ms of [...added, ...moved, ...removed]) expect(ms).toBeLessThan(1000);
  });

  it('both refuse a removed member within 1 s, although each caches memberships for an hour', async () => {
    const gamma = await local.services.provisioner.createTenant({ name: 'Gamma', slug: 'two-gamma' }); // removeMember audits into its schema
    const member = async (email: string) => {
      const { rows } = await db.current.pool.query<{ id: string }>(
        `WITH a AS (INSERT INTO accounts (email) VALUES ($2) RETURNING id)
         INSERT INTO tenant_users (tenant_id, user_id, role, status, invited_at, accepted_at) SELECT $1, a.id, 'viewer', 'active', now(), now() FROM a RETURNING id`,
        [gamma.id, email],
      );
      return { memberId: rows[0]!.id, auth: { authorization: `Bearer ${await signToken({ email })}` } };
    };
    const [kept, removed] = [await member('kept@two-gamma.test'), await member('removed@two-gamma.test')];
    const readAs = async (url: string, auth: Record<string, string>) => {
      const body = (
        await graphqlPost<{ currentTenant: { status: string } }>(
          url,
          'two-gamma.localhost',
          '{ currentTenant { status } }',
          auth,
        )
      ).json();
      return body.errors?.[0]?.extensions?.code ?? body.data!.currentTenant.status;
    };
    for (const url of bothGateways())
      for (const who of [kept, removed]) expect(await readAs(url, who.auth)).toBe('ACTIVE');

    // Control: a membership deleted behind the gateways' backs (no notification) is still served from
    // the cache, so what follows is the notification's doing, not a cache miss.
    await db.current.pool.query('DELETE FROM tenant_users WHERE id = $1', [kept.memberId]);
    for (const url of bothGateways()) expect(await readAs(url, kept.auth)).toBe('ACTIVE');

    const admin = {
      authorization: `Bearer ${await signToken({ email: 'staff@two-gateways.test', systemAdmin: true })}`,
    };
    const res = await graphqlPost(
      local.url,
      'two-gamma.localhost',
      `mutation { removeMember(id: "${removed.memberId}") }`,
      admin,
    );
    expect(res.json()).toEqual({ data: { removeMember: true } });
    const refused = await Promise.all(
      bothGateways().map((url) =>
        eventually(
          async () => (await readAs(url, removed.auth)) === 'FORBIDDEN',
          1000,
          `${url} refusing the removed member`,
        ),
      ),
    );
    for (const ms of refused) expect(ms).toBeLessThan(1000);
    // The member change dropped every cached membership of the tenant, the stale one included.
    for (const url of bothGateways()) expect(await readAs(url, kept.auth)).toBe('FORBIDDEN');
  });

  it('both refuse a suspended tenant within 1 s', async () => {
    for (const url of bothGateways()) expect(await statusAt(url, 'two-acme.localhost')).toBe(200);
    await setTenantStatus(db.current.pool, acme.id, 'suspended');
    const suspended = await publishAndExpect(
      { kind: 'suspended', tenantId: acme.id, slug: acme.slug },
      'two-acme.localhost',
      403,
    );
    for (const ms of suspended) expect(ms).toBeLessThan(1000);

    const res = await graphqlPost(remote.url, 'two-acme.localhost', '{ serverTime }');
    expect(res.json().errors![0]!.extensions!.code).toBe('TENANT_SUSPENDED');
  });
});
