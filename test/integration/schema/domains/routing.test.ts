// A custom domain routes to its tenant only once verified (docs/ARCHITECTURE.md "The request path").
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { describe, expect, it } from 'vitest';
import { dataOf, expectNoErrors, outcome, tenantWithMembers } from '../../../helpers/api.js';
import { REMOVE, SET_PRIMARY, VERIFY, fresh, useDomainsGateway } from './domains-api.js';

const { gw, dns, control, add, addVerified, run, domainsOf, servedAt } = useDomainsGateway();

describe('routing by custom domain', () => {
  it('serves a custom domain only once it is verified, and stops at once when it is removed', async () => {
    const t = await tenantWithMembers(gw.current);
    const added = await add(t, `route-${fresh()}.example.com`);
    expect(await servedAt(added.domain)).toBe('404 TENANT_NOT_FOUND');

    dns.current.zone.txt.set(added.verificationRecord, [[added.verificationToken]]);
    expectNoErrors(await run(t, VERIFY, added.id));
    expect(await servedAt(added.domain)).toBe(t.tenant.slug);
    expect(await servedAt(added.domain.toUpperCase())).toBe(t.tenant.slug);

    expect(dataOf(await run(t, REMOVE, added.id))).toEqual({ removeTenantDomain: true });
    expect(await servedAt(added.domain)).toBe('404 TENANT_NOT_FOUND');
  });

  it('removes a domain once when asked twice at the same time: the second caller is told it is gone (NOT_FOUND)', async () => {
    const t = await tenantWithMembers(gw.current);
    const added = await addVerified(t, `twice-${fresh()}.example.com`, true);
    const results = await Promise.all([run(t, REMOVE, added.id), run(t, REMOVE, added.id), run(t, REMOVE, added.id)]);
    expect(results.map(outcome).sort()).toEqual(['NOT_FOUND', 'NOT_FOUND', 'OK']);
    expect(results.find((r) => !r.errors)!.data).toEqual({ removeTenantDomain: true });
    expect(await control().tenantDomain.count({ where: { tenantId: t.tenant.id } })).toBe(0);
    expect((await domainsOf(t)).domain).toBeNull();
  });

  it('answers NOT_FOUND for an id that names no domain, whatever its shape', async () => {
    const t = await tenantWithMembers(gw.current);
    for (const id of ['------------------------------------', 'not-an-id', '00000000-0000-0000-0000-000000000000']) {
      const byId: Record<string, TypedDocumentNode<unknown, { id: string }>> = { VERIFY, SET_PRIMARY, REMOVE };
      for (const [name, document] of Object.entries(byId)) expect(outcome(await run(t, document, id)), `${id} ${name}`).toBe('NOT_FOUND');
    }
  });

  it('does not route an unverified primary domain either', async () => {
    const t = await tenantWithMembers(gw.current);
    const added = await add(t, `unverified-primary-${fresh()}.example.com`, true);
    expect(await servedAt(added.domain)).toBe('404 TENANT_NOT_FOUND');
    expect((await domainsOf(t)).domain).toBeNull();
  });
});
