import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../../src/logger.js';
import { createServices, startServices, type Services } from '../../../src/services.js';
import { HostResolver } from '../../../src/tenancy/host-resolver.js';
import { testConfig, useTestDatabase } from '../../helpers/database.js';
import {
  addDomain,
  eventually,
  insertTenant,
  moveDomain,
  removeDomain,
  setTenantStatus,
} from '../../helpers/tenant-rows.js';

const db = useTestDatabase();
// Two gateways' worth of services on one database, both listening for changes; a TTL long enough
// that only an invalidation can explain a fresh answer.
let one: Services;
let two: Services;

beforeAll(async () => {
  const config = testConfig({ HOST_CACHE_TTL_SECONDS: '3600' }, db.current.url);
  one = createServices(config, db.current, createLogger(config));
  two = createServices(config, db.current, createLogger(config));
  await Promise.all([startServices(one), startServices(two)]);
});

afterAll(async () => {
  for (const services of [one, two]) {
    await services?.changes.close();
    await services?.clients.close();
  }
});

const lookupSlug = (services: Services, slug: string) => services.hosts.lookup({ host: `${slug}.localhost`, slug });
const lookupDomain = (services: Services, host: string) => services.hosts.lookup({ host, slug: null });

describe('HostResolver', () => {
  it('finds a tenant by its slug subdomain, whatever its status', async () => {
    const acme = await insertTenant(db.current.pool, { slug: 'res-acme', status: 'suspended' });
    const found = await lookupSlug(one, 'res-acme');
    expect(found).toMatchObject({ id: acme.id, slug: 'res-acme', status: 'suspended', schemaName: 'tenant_res_acme' });
  });

  it('finds a tenant by a verified custom domain or by tenants.domain, never by an unverified one', async () => {
    const shop = await insertTenant(db.current.pool, { slug: 'res-shop', domain: 'shop.example.org' });
    await addDomain(db.current.pool, shop.id, 'verified.example.org');
    await addDomain(db.current.pool, shop.id, 'unverified.example.org', { verified: false });
    expect((await lookupDomain(one, 'shop.example.org'))?.id).toBe(shop.id);
    expect((await lookupDomain(one, 'verified.example.org'))?.id).toBe(shop.id);
    expect(await lookupDomain(one, 'unverified.example.org')).toBeNull();
  });

  it('prefers a verified custom domain, then tenants.domain, then the slug', async () => {
    const bySlug = await insertTenant(db.current.pool, { slug: 'res-prio' });
    const byTenantDomain = await insertTenant(db.current.pool, { slug: 'res-prio-b', domain: 'res-prio.localhost' });
    expect((await lookupSlug(one, 'res-prio'))?.id).toBe(byTenantDomain.id);

    const byVerified = await insertTenant(db.current.pool, { slug: 'res-prio-c' });
    await addDomain(db.current.pool, byVerified.id, 'res-prio.localhost');
    await one.changes.publish({ kind: 'domain', domains: ['res-prio.localhost'] });
    expect((await lookupSlug(one, 'res-prio'))?.id).toBe(byVerified.id);
    expect(bySlug.id).not.toBe(byVerified.id);
  });

  it('answers from its cache, positive and negative, until a change is published', async () => {
    const tenant = await insertTenant(db.current.pool, { slug: 'res-cache' });
    await lookupSlug(one, 'res-cache');
    expect(await lookupDomain(one, 'later.example.org')).toBeNull();

    const before = one.hosts.stats();
    await setTenantStatus(db.current.pool, tenant.id, 'suspended');
    await addDomain(db.current.pool, tenant.id, 'later.example.org');
    expect((await lookupSlug(one, 'res-cache'))?.status).toBe('active');
    expect(await lookupDomain(one, 'later.example.org')).toBeNull();
    expect(one.hosts.stats()).toMatchObject({ hits: before.hits + 2, misses: before.misses });

    await one.changes.publish({ kind: 'suspended', tenantId: tenant.id, domains: ['later.example.org'] });
    expect((await lookupSlug(one, 'res-cache'))?.status).toBe('suspended');
    expect((await lookupDomain(one, 'later.example.org'))?.id).toBe(tenant.id);
    expect(one.hosts.stats().misses).toBe(before.misses + 2);
  });

  it('is invalidated by a change published in another gateway within 1 s (LISTEN/NOTIFY)', async () => {
    const a = await insertTenant(db.current.pool, { slug: 'res-xa' });
    const b = await insertTenant(db.current.pool, { slug: 'res-xb' });
    expect(await lookupDomain(two, 'moving.example.org')).toBeNull();

    await addDomain(db.current.pool, a.id, 'moving.example.org');
    await one.changes.publish({ kind: 'domain', tenantId: a.id, domains: ['moving.example.org'] });
    await eventually(async () => (await lookupDomain(two, 'moving.example.org'))?.id === a.id, 1000, 'domain added');

    await moveDomain(db.current.pool, 'moving.example.org', b.id);
    await one.changes.publish({ kind: 'domain', tenantId: b.id, domains: ['moving.example.org'] });
    await eventually(async () => (await lookupDomain(two, 'moving.example.org'))?.id === b.id, 1000, 'domain moved');

    await removeDomain(db.current.pool, 'moving.example.org');
    await one.changes.publish({ kind: 'domain', tenantId: b.id, domains: ['moving.example.org'] });
    await eventually(async () => (await lookupDomain(two, 'moving.example.org')) === null, 1000, 'domain removed');
  });

  it('keeps tenants cached while a flood of unknown hosts churns the bounded negative cache', async () => {
    const tenant = await insertTenant(db.current.pool, { slug: 'res-flood' });
    const small = new HostResolver(one.clients.control(), { max: 2, ttlMs: 60_000 });
    await small.lookup({ host: 'res-flood.localhost', slug: 'res-flood' });
    for (let i = 0; i < 10; i++) await small.lookup({ host: `unknown-${i}.example.org`, slug: null });
    expect(small.stats().size).toBe(3);

    const before = small.stats();
    expect((await small.lookup({ host: 'res-flood.localhost', slug: 'res-flood' }))?.id).toBe(tenant.id);
    expect(small.stats()).toMatchObject({ hits: before.hits + 1, misses: before.misses });
  });

  it('forgets answers after the TTL even when nobody published the change', async () => {
    const tenant = await insertTenant(db.current.pool, { slug: 'res-ttl' });
    const shortLived = new HostResolver(one.clients.control(), { max: 10, ttlMs: 200 });
    const lookup = () => shortLived.lookup({ host: 'res-ttl.localhost', slug: 'res-ttl' });
    expect((await lookup())?.status).toBe('active');
    await setTenantStatus(db.current.pool, tenant.id, 'suspended');
    expect((await lookup())?.status).toBe('active');
    await eventually(async () => (await lookup())?.status === 'suspended', 5000, 'TTL expiry');
  });

  it('runs one query for concurrent first lookups of a host', async () => {
    await insertTenant(db.current.pool, { slug: 'res-burst' });
    const fresh = new HostResolver(one.clients.control(), { max: 10, ttlMs: 60_000 });
    const results = await Promise.all(
      Array.from({ length: 20 }, () => fresh.lookup({ host: 'res-burst.localhost', slug: 'res-burst' })),
    );
    expect(new Set(results.map((t) => t?.id)).size).toBe(1);
    expect(results[0]?.slug).toBe('res-burst');
    // Every caller missed the cache, but they all awaited the one query that was in flight.
    expect(fresh.stats()).toMatchObject({ size: 1, misses: 20 });
  });
});
