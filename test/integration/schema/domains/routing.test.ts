// A custom domain routes to its tenant only once verified (docs/ARCHITECTURE.md "The request path").
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { describe, expect } from 'vitest';
import { dataOf, expectNoErrors, outcome } from '../../../helpers/api.js';
import { REMOVE, SET_PRIMARY, VERIFY, fresh, test } from './domains-api.js';

describe('routing by custom domain', () => {
  test('serves a custom domain only once it is verified, and stops at once when it is removed', async ({
    tenant: t,
    domains,
    dns,
  }) => {
    const added = await domains.add(t, `route-${fresh()}.example.com`);
    expect(await domains.servedAt(added.domain)).toBe('404 TENANT_NOT_FOUND');

    dns.zone.txt.set(added.verificationRecord, [[added.verificationToken]]);
    expectNoErrors(await domains.run(t, VERIFY, added.id));
    expect(await domains.servedAt(added.domain)).toBe(t.tenant.slug);
    expect(await domains.servedAt(added.domain.toUpperCase())).toBe(t.tenant.slug);

    expect(dataOf(await domains.run(t, REMOVE, added.id))).toEqual({ removeTenantDomain: true });
    expect(await domains.servedAt(added.domain)).toBe('404 TENANT_NOT_FOUND');
  });

  test('removes a domain once when asked twice at the same time: the second caller is told it is gone (NOT_FOUND)', async ({
    tenant: t,
    domains,
  }) => {
    const added = await domains.addVerified(t, `twice-${fresh()}.example.com`, true);
    const results = await Promise.all([
      domains.run(t, REMOVE, added.id),
      domains.run(t, REMOVE, added.id),
      domains.run(t, REMOVE, added.id),
    ]);
    expect(results.map(outcome).sort()).toEqual(['NOT_FOUND', 'NOT_FOUND', 'OK']);
    expect(results.find((r) => !r.errors)!.data).toEqual({ removeTenantDomain: true });
    expect(await domains.control().tenantDomain.count({ where: { tenantId: t.tenant.id } })).toBe(0);
    expect((await domains.domainsOf(t)).domain).toBeNull();
  });

  test('answers NOT_FOUND for an id that names no domain, whatever its shape', async ({ tenant: t, domains }) => {
    for (const id of ['------------------------------------', 'not-an-id', '00000000-0000-0000-0000-000000000000']) {
      const byId: Record<string, TypedDocumentNode<unknown, { id: string }>> = { VERIFY, SET_PRIMARY, REMOVE };
      for (const [name, document] of Object.entries(byId))
        expect(outcome(await domains.run(t, document, id)), `${id} ${name}`).toBe('NOT_FOUND');
    }
  });

  test('does not route an unverified primary domain either', async ({ tenant: t, domains }) => {
    const added = await domains.add(t, `unverified-primary-${fresh()}.example.com`, true);
    expect(await domains.servedAt(added.domain)).toBe('404 TENANT_NOT_FOUND');
    expect((await domains.domainsOf(t)).domain).toBeNull();
  });
});
