// UserService writes a tenant's own users for any caller (no GraphQL context): into that tenant's
// schema and no other, validated before any SQL, audited for the actor passed in.
import { describe, expect } from 'vitest';
import { operatorActor } from '../../../src/cli/operator.js';
import { ConflictError, BadUserInputError } from '../../../src/errors.js';
import { quoteIdent } from '../../../src/tenancy/names.js';
import { uniqueSlug } from '../../helpers/api.js';
import { auditEntries } from '../../helpers/audit-log.js';
import { test } from '../../helpers/fixtures.js';
import type { TestGateway } from '../../helpers/gateway.js';

const ops = operatorActor('ops-dana');

async function emailsIn(gw: TestGateway, schema: string): Promise<string[]> {
  const { rows } = await gw.db.pool.query<{ email: string }>(
    `SELECT email FROM ${quoteIdent(schema)}.users ORDER BY email`,
  );
  return rows.map((r) => r.email);
}

describe('UserService called without a GraphQL context', () => {
  test('writes the user into its tenant only and audits it there for the operator', async ({
    gw,
    tenant: { tenant },
  }) => {
    const other = await gw.services.provisioner.createTenant({ name: 'Other', slug: uniqueSlug('oth') });
    const user = await gw.services.users.create(tenant, { email: ' Dana@Example.TEST ', name: ' Dana ' }, ops);

    expect(user).toMatchObject({ email: 'dana@example.test', name: 'Dana' });
    expect(await emailsIn(gw, tenant.schemaName)).toEqual(['dana@example.test']);
    expect(await emailsIn(gw, other.schemaName)).toEqual([]);
    expect(await auditEntries(gw, tenant.id, 'user.create')).toEqual([
      expect.objectContaining({
        targetType: 'user',
        targetId: user.id,
        metadata: expect.objectContaining({ operator: 'ops-dana' }),
      }),
    ]);
    expect(await auditEntries(gw, other.id, 'user.create')).toEqual([]);
  });

  test('refuses a taken email (CONFLICT) and an overlong name (BAD_USER_INPUT), writing and auditing nothing more', async ({
    gw,
    tenant: { tenant },
  }) => {
    await gw.services.users.create(tenant, { email: 'taken@example.test' }, ops);
    await expect(gw.services.users.create(tenant, { email: 'TAKEN@example.test' }, ops)).rejects.toBeInstanceOf(
      ConflictError,
    );
    await expect(
      gw.services.users.create(tenant, { email: 'long@example.test', name: 'x'.repeat(201) }, ops),
    ).rejects.toBeInstanceOf(BadUserInputError);
    expect(await emailsIn(gw, tenant.schemaName)).toEqual(['taken@example.test']);
    expect(await auditEntries(gw, tenant.id, 'user.create')).toHaveLength(1);
  });
});
