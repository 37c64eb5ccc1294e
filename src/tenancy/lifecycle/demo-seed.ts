// `npm start` on an empty development database: two demo tenants with a few users each, so the
// gateway has something to answer from the first request. Never in test or production, never on a
// database that already has tenants.
import type { Config } from '../../config.js';
import { ConflictError } from '../../errors.js';
import type { Tenant } from '../../generated/prisma/client.js';
import type { Logger } from '../../logger.js';
import type { ClientCache } from '../client-cache.js';
import type { Provisioner } from './provisioner.js';
import { countTenants } from '../registry.js';
import { setSetting } from '../../control-plane/settings.js';

export const DEMO_TENANTS = [
  {
    slug: 'acme',
    name: 'Acme Corporation',
    plan: 'professional',
    users: ['Wile E. Coyote', 'Road Runner', 'Marvin Martian'],
    branding: { primaryColor: '#d32f2f', tagline: 'Beep beep' },
  },
  {
    slug: 'globex',
    name: 'Globex Corporation',
    plan: 'enterprise',
    users: ['Hank Scorpio', 'Homer Simpson', 'Frank Grimes'],
    branding: { primaryColor: '#1565c0', tagline: 'Hammocks for everyone' },
  },
] as const;

export interface DemoSeedDeps {
  config: Pick<Config, 'env' | 'baseDomain'>;
  provisioner: Provisioner;
  clients: ClientCache;
  logger: Pick<Logger, 'info' | 'warn'>;
}

/** Returns the tenants it created; [] when seeding does not apply. Failures are logged, never thrown. */
export async function seedDemoTenants(deps: DemoSeedDeps, opts: { url: string }): Promise<Tenant[]> {
  if (deps.config.env !== 'development') return [];
  try {
    if ((await countTenants(deps.clients.control())) > 0) return [];
    const created: Tenant[] = [];
    for (const demo of DEMO_TENANTS) {
      let tenant: Tenant;
      try {
        tenant = await deps.provisioner.createTenant({
          name: demo.name,
          slug: demo.slug,
          plan: demo.plan,
          metadata: { demo: true },
        });
      } catch (err) {
        if (err instanceof ConflictError) continue; // another gateway on this database is seeding too
        throw err;
      }
      const emailOf = (name: string) =>
        `${name
          .toLowerCase()
          .replace(/[^a-z]+/g, '.')
          .replace(/^\.|\.$/g, '')}@${demo.slug}.example`;
      await deps.clients.forSchema(tenant.schemaName).user.createMany({
        data: demo.users.map((name) => ({ name, email: emailOf(name) })),
        skipDuplicates: true,
      });
      // Public branding (examples/web shows it): BRANDING settings, readable by anyone on the host.
      for (const [key, value] of Object.entries(demo.branding)) {
        await setSetting(deps.clients.control(), null, { tenantId: tenant.id, category: 'branding', key, value });
      }
      created.push(tenant);
    }
    // One line per log entry: readable in raw JSON logs as well as through pino-pretty.
    if (created.length)
      for (const line of howToQuery(created, deps.config.baseDomain, opts.url)) deps.logger.info(line);
    return created;
  } catch (err) {
    deps.logger.warn({ err }, 'demo tenants could not be seeded');
    return [];
  }
}

function howToQuery(tenants: Tenant[], baseDomain: string, url: string): string[] {
  const host = `${tenants[0]!.slug}.${baseDomain}`;
  const body = (query: string) => `'${JSON.stringify({ query })}'`;
  return [
    `demo tenants created: ${tenants.map((t) => `${t.slug} (http://${t.slug}.${baseDomain}, schema ${t.schemaName})`).join(', ')}`,
    'query a tenant by its Host header:',
    `  curl -s ${url}/graphql -H 'Host: ${host}' -H 'content-type: application/json' -d ${body('{ currentTenant { name slug } }')}`,
    'its users need a token (npm run -s token prints one signed with the development secret):',
    '  TOKEN=$(npm run -s token -- --email admin@example.com --system-admin)',
    `  curl -s ${url}/graphql -H 'Host: ${host}' -H "Authorization: Bearer $TOKEN" -H 'content-type: application/json' -d ${body('{ users(first: 10) { edges { node { email name } } } }')}`,
  ];
}
