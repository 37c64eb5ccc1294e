// createTenant when a step fails or the process crashes between steps, and resumePending() after a crash.
import { describe, expect, it } from 'vitest';
import type { ProvisionStep } from '../../../../../src/tenancy/lifecycle/provisioner.js';
import { schemaExists, tablesOf, tenantRows } from '../../../../helpers/provisioner.js';
import { schemaOf, slug, useProvisionerUnderTest } from './provisioner-setup.js';

const t = useProvisionerUnderTest();

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
