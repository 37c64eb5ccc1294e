// createTenant on the happy path and on bad or conflicting input, one create at a time and racing.
import pg from 'pg';
import { describe, expect, it, vi } from 'vitest';
import { outcome, schemaExists, tablesOf, tenantRows } from '../../../../helpers/provisioner.js';
import { schemaOf, slug, useProvisionerUnderTest } from './provisioner-setup.js';

const t = useProvisionerUnderTest();

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
