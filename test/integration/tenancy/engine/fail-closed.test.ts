// The shared tenant engine refuses what it cannot route, before anything reaches Postgres, and a
// binding keeps its tenant wherever its promises are awaited.
import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { PrismaClient } from '../../../../src/generated/prisma/client.js';
import { runBound } from '../../../../src/tenancy/engine/bound-schema.js';
import { assertPrismaInternals, PrismaInternalsChangedError } from '../../../../src/tenancy/engine/prisma-internals.js';
import { RoutingAdapterFactory } from '../../../../src/tenancy/engine/routing-adapter.js';
import { TenantEngine } from '../../../../src/tenancy/engine/tenant-engine.js';
import { useTestDatabase } from '../../../helpers/database.js';
import { createTenantSchemas, recordingEngine, type RecordingEngine } from '../../../helpers/engine-schemas.js';

const db = useTestDatabase();
let rec: RecordingEngine;

beforeAll(async () => {
  await createTenantSchemas(db.current.pool, ['closed_a', 'closed_b']);
  for (const schema of ['closed_a', 'closed_b']) {
    await db.current.pool.query(`INSERT INTO "${schema}".users (email, name) VALUES ('one@example.test', $1)`, [
      `${schema} one`,
    ]);
  }
  rec = recordingEngine(db.current.pool);
  await rec.engine.bind('closed_a').user.count(); // the engine is started; later counts see only the call under test
});
afterAll(() => rec.engine.disconnect());
afterEach(() => vi.restoreAllMocks());

/** Counts statements that reach any pg connection while fn runs. */
async function statementsSentDuring(fn: () => Promise<unknown>): Promise<{ sent: number; error: unknown }> {
  const spy = vi.spyOn(pg.Client.prototype, 'query');
  let error: unknown;
  await fn().catch((err: unknown) => (error = err));
  const sent = spy.mock.calls.length;
  spy.mockRestore();
  return { sent, error };
}

describe('the shared tenant engine fails closed', () => {
  it('an unbound call is refused and sends no statement', async () => {
    const { sent, error } = await statementsSentDuring(() => rec.engine.unbound().user.findMany());
    expect(String(error)).toMatch(/No tenant is bound to this Prisma call: refused, nothing was sent/);
    expect(sent).toBe(0);
  });

  it('unqualified raw SQL is refused, placeholder-qualified raw SQL is routed', async () => {
    const a = rec.engine.bind('closed_a');
    for (const attempt of [
      () => a.$queryRaw`SELECT name FROM users`,
      () => a.$executeRaw`DELETE FROM users`,
      () => a.$queryRawUnsafe('SELECT name FROM closed_b.users'),
      () => a.$executeRawUnsafe('DROP TABLE closed_b.users'),
    ]) {
      const { sent, error } = await statementsSentDuring(attempt);
      expect(String(error)).toMatch(/names no tenant table.*refused, nothing was sent/);
      expect(sent).toBe(0);
    }
    const users = rec.engine.table('users');
    expect(await a.$queryRaw`SELECT name FROM ${users}`).toEqual([{ name: 'closed_a one' }]);
    expect(
      await rec.engine.bind('closed_b').$queryRawUnsafe(`SELECT name FROM "${rec.engine.placeholder}".users`),
    ).toEqual([{ name: 'closed_b one' }]);
    expect((await db.current.pool.query('SELECT count(*)::int AS n FROM closed_a.users')).rows[0].n).toBe(1);
  });

  it('a schema that is not a tenant’s is refused at bind time and at statement time', async () => {
    expect(() => rec.engine.bind('public')).toThrow(/public holds the control plane/);
    expect(() => rec.engine.bind('pg_catalog')).toThrow(/not a valid schema name/);
    expect(() => rec.engine.bind('a"; DROP SCHEMA x; --')).toThrow(/not a valid schema name/);
    for (const schema of ['public', 'pg_catalog', rec.engine.placeholder, 'bad"name']) {
      const { sent, error } = await statementsSentDuring(() =>
        runBound(schema, () =>
          rec.engine
            .unbound()
            .user.count()
            .then((n) => n),
        ),
      );
      expect(String(error)).toMatch(/Refused to route a statement to .*not a tenant schema name/);
      expect(sent).toBe(0);
    }
  });

  it('a lazy promise built for one tenant and awaited under another stays with its own tenant', async () => {
    const fromA = rec.engine.bind('closed_a').user.findFirst({ select: { name: true } });
    const fromB = rec.engine.bind('closed_b').user.findFirst({ select: { name: true } });
    // Awaited with the other tenant bound.
    const [a, b] = await Promise.all([
      runBound('closed_b', () => fromA.then((row) => row)),
      runBound('closed_a', () => fromB.then((row) => row)),
    ]);
    expect(a).toEqual({ name: 'closed_a one' });
    expect(b).toEqual({ name: 'closed_b one' });
  });

  it('a transaction keeps the tenant it started with and refuses statements bound to another', async () => {
    // Through the driver adapter, as the engine uses it: start under A, then a statement under B.
    const placeholder = rec.engine.placeholder;
    const adapter = await new RoutingAdapterFactory(new PrismaPg(db.current.pool, { schema: placeholder }), {
      placeholder,
    }).connect();
    const tx = await runBound('closed_a', () => adapter.startTransaction());
    const select = { sql: `SELECT name FROM "${rec.engine.placeholder}".users`, args: [], argTypes: [] };
    const { sent, error } = await statementsSentDuring(() => runBound('closed_b', () => tx.queryRaw(select)));
    expect(String(error)).toMatch(/A transaction of "closed_a" was used for "closed_b": refused, nothing was sent/);
    expect(sent).toBe(0);
    expect((await runBound('closed_a', () => tx.queryRaw(select))).rows).toEqual([['closed_a one']]);
    await tx.executeRaw({ sql: 'ROLLBACK', args: [], argTypes: [] });
    await tx.rollback();
    await adapter.dispose();
  });

  it('an interactive transaction through a binding runs every statement in its tenant, even awaited under another', async () => {
    const b = rec.engine.bind('closed_b');
    const before = rec.statements.length;
    const names = await runBound('closed_a', () =>
      b.$transaction(async (tx) => {
        await tx.auditLog.create({ data: { action: 'closed_b.itx' } });
        return tx.$queryRaw<{ name: string }[]>`SELECT name FROM ${rec.engine.table('users')}`;
      }),
    );
    expect(names).toEqual([{ name: 'closed_b one' }]);
    expect(new Set(rec.statements.slice(before).map((s) => s.schema))).toEqual(new Set(['closed_b']));
    expect((await db.current.pool.query(`SELECT count(*)::int AS n FROM closed_a.audit_logs`)).rows[0].n).toBe(0);
  });
});

describe('a binding cannot be used to escape its tenant', () => {
  it('refuses a batch transaction with an element built by another binding, before sending anything', async () => {
    const a = rec.engine.bind('closed_a');
    const b = rec.engine.bind('closed_b');
    const { sent, error } = await statementsSentDuring(() =>
      a.$transaction([a.user.count(), b.auditLog.create({ data: { action: 'closed_a.stray' } })]),
    );
    expect(String(error)).toMatch(/element 1 was not built by this tenant binding: refused/);
    expect(sent).toBe(0);
    expect(await a.$transaction([a.user.count(), a.auditLog.count()])).toEqual([1, 0]);
  });

  it('refuses control-plane models, $extends and $on on a tenant binding, and its $disconnect leaves the engine up', async () => {
    const a = rec.engine.bind('closed_a');
    expect(() => a.tenant).toThrow(/control-plane model: use ClientCache.control\(\)/);
    expect(() => a.$extends({})).toThrow(/not available on a tenant binding/);
    await a.$disconnect();
    expect(await rec.engine.bind('closed_b').user.count()).toBe(1);
  });
});

describe('Prisma internals the bindings rely on', () => {
  it('are checked: a client whose request handler changed shape stops start-up', () => {
    const engine = new TenantEngine(db.current.pool);
    const client = engine.unbound() as unknown as { _originalClient: Record<string, unknown> };
    expect(() => assertPrismaInternals(client as unknown as PrismaClient)).not.toThrow();
    const changed = Object.create(client._originalClient, {
      _requestHandler: { value: { dataloader: {} } },
    });
    changed._originalClient = changed;
    expect(() => assertPrismaInternals({ _originalClient: changed } as unknown as PrismaClient)).toThrow(
      PrismaInternalsChangedError,
    );
    const noEngine = Object.create(client._originalClient, { _engine: { value: { request() {} } } });
    noEngine._originalClient = noEngine;
    expect(() => assertPrismaInternals({ _originalClient: noEngine } as unknown as PrismaClient)).toThrow(
      PrismaInternalsChangedError,
    );
    expect(() => assertPrismaInternals({} as PrismaClient)).toThrow(/refusing to start/);
  });

  it('a Prisma whose client no longer matches refuses to build the engine at all', () => {
    let proto: object | null = PrismaClient.prototype;
    while (proto && !Object.prototype.hasOwnProperty.call(proto, '_request')) proto = Object.getPrototypeOf(proto);
    const original = (proto as { _request: unknown })._request;
    (proto as { _request: unknown })._request = undefined;
    try {
      expect(() => new TenantEngine(db.current.pool)).toThrow(PrismaInternalsChangedError);
    } finally {
      (proto as { _request: unknown })._request = original;
    }
  });
});
