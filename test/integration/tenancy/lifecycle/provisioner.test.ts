import pg from 'pg';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ProvisionStep } from '../../../../src/tenancy/lifecycle/provisioner.js';
import { outcome, schemaExists, tablesOf, tenantRows, useProvisioner } from '../../../helpers/provisioner.js';

const t = useProvisioner({ poolMax: 10 });
let n = 0;
const slug = (base = 'co') => `${base}-${++n}-${Date.now().toString(36)}`;
const schemaOf = (s: string) => `tenant_${s.replaceAll('-', '_')}`;

afterEach(() => {
  t.current.fault = undefined;
});

describe('createTenant', () => {
  it('creates the tenant ACTIVE with its complete schema and trusted domains', async () => {
    const s = slug('acme');
    const tenant = await t.current.provisioner.createTenant({
      name: '  Acme Corp ',
      slug: s,
      plan: 'professional',
      limits: { users: 5 },
      settings: { theme: 'dark' },
      domains: [{ domain: `www.${s}.example.com` }, { domain: `${s.toUpperCase()}.Example.com.`, primary: true }],
    });
    expect(tenant).toMatchObject({
      name: 'Acme Corp',
      slug: s,
      schemaName: schemaOf(s),
      status: 'active',
      plan: 'professional',
      domain: `${s}.example.com`,
      settings: { theme: 'dark' },
      limits: { users: 5, storage_gb: 10, api_calls_per_month: 10000 },
    });
    expect(await schemaExists(t.current, tenant.schemaName)).toBe(true);
    expect(await tablesOf(t.current, tenant.schemaName)).toEqual([
      'audit_logs',
      'schema_migrations',
      'sessions',
      'users',
    ]);
    const { rows } = await t.current.db.pool.query(
      'SELECT domain, "primary", verified_at IS NOT NULL AS verified FROM tenant_domains WHERE tenant_id = $1 ORDER BY domain',
      [tenant.id],
    );
    expect(rows).toEqual([
      { domain: `${s}.example.com`, primary: true, verified: true },
      { domain: `www.${s}.example.com`, primary: false, verified: true },
    ]);
    expect(t.current.published.at(-1)).toMatchObject({
      kind: 'created',
      tenantId: tenant.id,
      slug: s,
      schemas: [tenant.schemaName],
    });
    expect(t.current.published.at(-1)?.domains).toEqual(expect.arrayContaining([`${s}.localhost`, `${s}.example.com`]));
  });

  it('fits the schema name of a 63-character slug into 63 bytes', async () => {
    const long = `l${Date.now().toString(36)}`.padEnd(63, 'x');
    const tenant = await t.current.provisioner.createTenant({ name: 'Long', slug: long });
    expect(tenant.schemaName).toHaveLength(63);
    expect(await schemaExists(t.current, tenant.schemaName)).toBe(true);
  });

  it('refuses invalid input, naming the field, before any SQL runs', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ name: 'x', slug: 'Bad Slug' }, 'slug'],
      [{ name: 'x', slug: 'www' }, 'slug'],
      [{ name: 'x', slug: 'ok', schemaName: 'public' }, 'schemaName'],
      [{ name: 'x', slug: 'ok', schemaName: 'pg_toast' }, 'schemaName'],
      [{ name: 'x', slug: 'ok', schemaName: 'x"; DROP SCHEMA public CASCADE; --' }, 'schemaName'],
      [{ name: 'x', slug: 'ok', schemaName: 'archive_ok' }, 'schemaName'],
      [{ name: ' ', slug: 'ok' }, 'name'],
      [{ name: 'x', slug: 'ok', plan: 'gold' }, 'plan'],
      [{ name: 'x', slug: 'ok', limits: { users: -1 } }, 'limits.users'],
      [{ name: 'x', slug: 'ok', limits: { seats: 3 } }, 'limits'],
      [{ name: 'x', slug: 'ok', domain: 'http://evil.com/x' }, 'domain'],
      [
        { name: 'x', slug: 'ok', domains: [{ domain: 'a.example.com' }, { domain: 'ok.localhost' }] },
        'domains.1.domain',
      ],
      [
        {
          name: 'x',
          slug: 'ok',
          domains: [
            { domain: 'a.example.com', primary: true },
            { domain: 'b.example.com', primary: true },
          ],
        },
        'domains',
      ],
      [{ name: 'x', slug: 'ok', settings: [1, 2] }, 'settings'],
      [{ name: 'x', slug: 'ok', status: 'active' }, 'status'],
    ];
    const sent = vi.spyOn(pg.Client.prototype, 'query');
    try {
      for (const [input, field] of cases) {
        const err = await t.current.provisioner.createTenant(input as never).catch((e: unknown) => e);
        expect((err as { extensions?: unknown }).extensions, JSON.stringify(input)).toMatchObject({
          code: 'BAD_USER_INPUT',
          field,
        });
      }
      expect(sent).not.toHaveBeenCalled();
    } finally {
      sent.mockRestore();
    }
    expect(await tenantRows(t.current, 'ok')).toEqual([]);
  });

  it('answers CONFLICT for a taken slug, schema name or domain and leaves nothing of the loser', async () => {
    const s = slug('taken');
    const first = await t.current.provisioner.createTenant({ name: 'First', slug: s, domain: `${s}.example.com` });
    const other = slug('other');
    const err = await t.current.provisioner.createTenant({ name: 'Again', slug: s }).catch((e) => e);
    expect(err.extensions).toMatchObject({ code: 'CONFLICT', field: 'slug' });
    const bySchema = await t.current.provisioner
      .createTenant({ name: 'X', slug: other, schemaName: first.schemaName })
      .catch((e) => e);
    expect(bySchema.extensions).toMatchObject({ code: 'CONFLICT', field: 'schemaName' });
    const byDomain = await t.current.provisioner
      .createTenant({ name: 'X', slug: other, domains: [{ domain: `${s}.example.com` }] })
      .catch((e) => e);
    expect(byDomain.extensions).toMatchObject({ code: 'CONFLICT' });
    expect(await tenantRows(t.current, other)).toEqual([]);
    expect(await schemaExists(t.current, schemaOf(other))).toBe(false);
  });

  it('answers CONFLICT when a schema of that name exists outside the registry, and keeps that schema', async () => {
    const s = slug('squat');
    await t.current.db.pool.query(`CREATE SCHEMA ${schemaOf(s)}; CREATE TABLE ${schemaOf(s)}.precious (id int)`);
    const err = await t.current.provisioner.createTenant({ name: 'Squat', slug: s }).catch((e) => e);
    expect(err.extensions).toMatchObject({ code: 'CONFLICT', field: 'schemaName' });
    expect(await tenantRows(t.current, s)).toEqual([]);
    expect(await tablesOf(t.current, schemaOf(s))).toEqual(['precious']);
  });

  it('lets exactly one of 50 concurrent creates of one slug win; the other 49 get CONFLICT', async () => {
    const s = slug('race');
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        outcome(t.current.provisioner.createTenant({ name: `Racer ${i}`, slug: s })),
      ),
    );
    expect(results.filter((r) => r === 'OK')).toHaveLength(1);
    expect(results.filter((r) => r === 'CONFLICT')).toHaveLength(49);
    expect(await tenantRows(t.current, s)).toEqual([
      expect.objectContaining({ status: 'active', schema_name: schemaOf(s) }),
    ]);
  });

  it('lets exactly one of concurrent creates of one schema name (different slugs) win', async () => {
    const schema = `shared_${Date.now().toString(36)}`;
    const slugs = Array.from({ length: 10 }, () => slug('same-schema'));
    const results = await Promise.all(
      slugs.map((s) => outcome(t.current.provisioner.createTenant({ name: s, slug: s, schemaName: schema }))),
    );
    expect(results.filter((r) => r === 'OK')).toHaveLength(1);
    expect(results.filter((r) => r === 'CONFLICT')).toHaveLength(9);
    const { rows } = await t.current.db.pool.query('SELECT count(*)::int AS n FROM tenants WHERE schema_name = $1', [
      schema,
    ]);
    expect(rows[0].n).toBe(1);
  });
});

describe('createTenant when a step fails', () => {
  const steps: ProvisionStep[] = ['inserted', 'schemaCreated', 'migrated', 'activated'];

  it.each(steps)('a fault after "%s" leaves no row and no schema', async (step) => {
    const s = slug(`fault-${step.toLowerCase()}`);
    t.current.fault = (at) => {
      if (at === step) throw new Error(`injected at ${step}`);
    };
    const err = await t.current.provisioner
      .createTenant({ name: 'Doomed', slug: s, domain: `${s}.example.com` })
      .catch((e) => e);
    expect(err.extensions?.code).toBe('PROVISIONING_FAILED');
    expect(err.message).toContain(`injected at ${step}`);
    expect(await tenantRows(t.current, s)).toEqual([]);
    expect(await schemaExists(t.current, schemaOf(s))).toBe(false);
    const domains = await t.current.db.pool.query('SELECT 1 FROM tenant_domains WHERE domain = $1', [
      `${s}.example.com`,
    ]);
    expect(domains.rowCount).toBe(0);
  });

  it.each(steps)(
    'a crash after "%s" leaves a PENDING row without a schema, which a retry of the same slug completes',
    async (step) => {
      const s = slug(`crash-${step.toLowerCase()}`);
      t.current.fault = (at) => {
        if (at === step || at === 'cleanup') throw new Error(`crashed at ${at}`);
      };
      await expect(t.current.provisioner.createTenant({ name: 'Crashy', slug: s })).rejects.toThrow();
      expect(await tenantRows(t.current, s)).toEqual([expect.objectContaining({ status: 'pending' })]);
      expect(await schemaExists(t.current, schemaOf(s))).toBe(false);

      t.current.fault = undefined;
      const tenant = await t.current.provisioner.createTenant({ name: 'Crashy again', slug: s });
      expect(tenant).toMatchObject({ status: 'active', name: 'Crashy again' });
      expect(await tenantRows(t.current, s)).toEqual([expect.objectContaining({ status: 'active' })]);
      expect(await tablesOf(t.current, tenant.schemaName)).toContain('users');
    },
  );

  it('resumePending() completes abandoned PENDING tenants and leaves one being created alone', async () => {
    const abandoned = slug('abandoned');
    t.current.fault = (at) => {
      if (at === 'migrated' || at === 'cleanup') throw new Error('crash');
    };
    await expect(t.current.provisioner.createTenant({ name: 'Abandoned', slug: abandoned })).rejects.toThrow();

    // A create that is alive but paused between its two commits.
    const inProgress = slug('in-progress');
    let resume!: () => void;
    let paused!: () => void;
    const isPaused = new Promise<void>((resolve) => (paused = resolve));
    t.current.fault = (at, s) => {
      if (s === inProgress && at === 'inserted') {
        paused();
        return new Promise<void>((resolve) => (resume = resolve));
      }
    };
    const creating = t.current.provisioner.createTenant({ name: 'In progress', slug: inProgress });
    await isPaused;

    try {
      const report = await t.current.provisioner.resumePending();
      expect(report.completed.map((x) => x.slug)).toEqual([abandoned]);
      expect(await tenantRows(t.current, abandoned)).toEqual([expect.objectContaining({ status: 'active' })]);
      expect(await tenantRows(t.current, inProgress)).toEqual([expect.objectContaining({ status: 'pending' })]);
    } finally {
      resume();
    }
    expect((await creating).status).toBe('active');
  });

  it('resumePending() removes an abandoned PENDING tenant whose schema can no longer be created', async () => {
    const s = slug('blocked');
    t.current.fault = (at) => {
      if (at === 'inserted' || at === 'cleanup') throw new Error('crash');
    };
    await expect(t.current.provisioner.createTenant({ name: 'Blocked', slug: s })).rejects.toThrow();
    t.current.fault = undefined;
    await t.current.db.pool.query(`CREATE SCHEMA ${schemaOf(s)}`); // someone took the name meanwhile
    const report = await t.current.provisioner.resumePending();
    expect(report.removed).toContain(s);
    expect(await tenantRows(t.current, s)).toEqual([]);
    expect(await schemaExists(t.current, schemaOf(s))).toBe(true); // not ours: left alone
  });
});
