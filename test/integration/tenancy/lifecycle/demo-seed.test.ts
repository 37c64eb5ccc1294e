import { rm } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { seedDemoTenants } from '../../../../src/tenancy/lifecycle/demo-seed.js';
import { createTestDatabase } from '../../../helpers/database.js';
import { http } from '../../../helpers/http.js';
import { useProvisioner } from '../../../helpers/provisioner.js';
import { startGatewayProcess } from '../../../helpers/spawn-gateway.js';

const t = useProvisioner();

function deps(env: 'development' | 'test' | 'production') {
  const lines: string[] = [];
  return {
    lines,
    deps: {
      config: { env, baseDomain: 'localhost' },
      provisioner: t.current.provisioner,
      clients: t.current.clients,
      logger: {
        info: (msg: unknown) => lines.push(String(msg)),
        warn: (...args: unknown[]) => lines.push(JSON.stringify(args)),
      },
    },
  };
}

describe('demo seed', () => {
  it('does nothing outside development', async () => {
    for (const env of ['test', 'production'] as const)
      expect(await seedDemoTenants(deps(env).deps, { url: 'http://localhost:1' })).toEqual([]);
    expect(await t.current.clients.control().tenant.count()).toBe(0);
  });

  it('provisions acme and globex with users in their own schemas on an empty development database, once', async () => {
    const { deps: d, lines } = deps('development');
    const created = await seedDemoTenants(d, { url: 'http://localhost:4321' });
    expect(created.map((x) => [x.slug, x.status, x.schemaName])).toEqual([
      ['acme', 'active', 'tenant_acme'],
      ['globex', 'active', 'tenant_globex'],
    ]);
    for (const tenant of created) {
      const users = await t.current.clients.forSchema(tenant.schemaName).user.findMany();
      expect(users).toHaveLength(3);
      for (const user of users) expect(user.email.endsWith(`@${tenant.slug}.example`)).toBe(true);
    }
    const branding = await t.current.clients
      .control()
      .tenantSetting.findMany({ where: { tenantId: created[0]!.id, category: 'branding' }, orderBy: { key: 'asc' } });
    expect(branding.map((s) => [s.key, s.value])).toEqual([
      ['primaryColor', '#d32f2f'],
      ['tagline', 'Beep beep'],
    ]);
    expect(lines.join('\n')).toContain(`curl -s http://localhost:4321/graphql -H 'Host: acme.localhost'`);
    expect(await seedDemoTenants(d, { url: 'http://localhost:4321' })).toEqual([]);
    expect(await t.current.clients.control().tenant.count()).toBe(2);
  });

  it('runs on `npm start` in development, and the printed query answers for acme', async () => {
    const db = await createTestDatabase();
    const dataDir = `.data/tenancy-demo-${Date.now().toString(36)}`;
    const gateway = await startGatewayProcess({
      NODE_ENV: 'development',
      DATABASE_URL: db.url,
      DATA_DIR: dataDir,
      LOG_LEVEL: 'info',
    });
    try {
      expect(gateway.output()).toContain("-H 'Host: acme.localhost'");
      const answer = (
        await http(`${gateway.url}/graphql`, {
          method: 'POST',
          host: 'acme.localhost',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ query: '{ currentTenant { name slug } }' }),
        })
      ).json<unknown>();
      expect(answer).toEqual({ data: { currentTenant: { name: 'Acme Corporation', slug: 'acme' } } });
    } finally {
      expect(await gateway.stop()).toBe(0);
      await db.close();
      await rm(dataDir, { recursive: true, force: true });
    }
  }, 60_000);
});
