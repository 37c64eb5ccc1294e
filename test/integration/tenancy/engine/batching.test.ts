// Prisma batches the findUnique calls of one tick into one `WHERE id IN (…)`, dispatched in the
// async context of the first caller. One shared loader would therefore answer tenant B from tenant
// A's schema; each binding has a loader of its own. The negative control shows the merge happening
// without that partition, so these guards can fail.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runBound } from '../../../../src/tenancy/engine/bound-schema.js';
import { useTestDatabase } from '../../../helpers/database.js';
import { createTenantSchemas, recordingEngine, type RecordingEngine } from '../../../helpers/engine-schemas.js';

const db = useTestDatabase();
const TENANTS = ['batch_a', 'batch_b', 'batch_c'];
const SAME_ID = '00000000-0000-4000-8000-000000000001';
let rec: RecordingEngine;

beforeAll(async () => {
  await createTenantSchemas(db.current.pool, TENANTS);
  for (const schema of TENANTS) {
    await db.current.pool.query(
      `INSERT INTO "${schema}".users (id, email, name) VALUES ($1, 'same@example.test', $2), (gen_random_uuid(), $3, $4)`,
      [SAME_ID, `${schema} same`, `only-${schema}@example.test`, `${schema} only`],
    );
    await db.current.pool.query(
      `INSERT INTO "${schema}".sessions (user_id, token_hash, expires_at) VALUES ($1, $2, now() + interval '1 hour')`,
      [SAME_ID, `${schema}-token`],
    );
  }
  rec = recordingEngine(db.current.pool);
});
afterAll(() => rec.engine.disconnect());

const since = (n: number) => rec.statements.slice(n);

describe('batching on the shared tenant engine', () => {
  it('two tenants’ same-shape findUnique in one tick become two statements, each in its own schema', async () => {
    const [a, b] = TENANTS.map((s) => rec.engine.bind(s));
    const before = rec.statements.length;
    const [fromA, fromB] = await Promise.all([
      a!.user.findUnique({ where: { id: SAME_ID } }),
      b!.user.findUnique({ where: { id: SAME_ID } }),
    ]);
    expect(fromA?.name).toBe('batch_a same');
    expect(fromB?.name).toBe('batch_b same');
    const sent = since(before);
    expect(sent.map((s) => s.schema).sort()).toEqual(['batch_a', 'batch_b']);
    for (const s of sent) expect(s.sql).toContain(`"${s.schema}"."users"`);
  });

  it('within one tenant, the same calls are still batched into one statement', async () => {
    const a = rec.engine.bind('batch_a');
    const other = (await db.current.pool.query(`SELECT id FROM batch_a.users WHERE name = 'batch_a only'`)).rows[0]
      .id as string;
    const before = rec.statements.length;
    const rows = await Promise.all([
      a.user.findUnique({ where: { id: SAME_ID } }),
      a.user.findUnique({ where: { id: other } }),
    ]);
    expect(rows.map((r) => r?.name)).toEqual(['batch_a same', 'batch_a only']);
    expect(since(before)).toHaveLength(1);
  });

  it('different call shapes across tenants in one tick each run in their own schema', async () => {
    const [a, b, c] = TENANTS.map((s) => rec.engine.bind(s));
    const before = rec.statements.length;
    const [user, sessions, count, viaEmail] = await Promise.all([
      a!.user.findUnique({ where: { id: SAME_ID }, select: { name: true } }),
      b!.user.findUnique({ where: { id: SAME_ID } }).sessions(),
      c!.user.count({ where: { name: { startsWith: 'batch_c' } } }),
      b!.user.findUnique({ where: { email: 'same@example.test' }, include: { sessions: true } }),
    ]);
    expect(user).toEqual({ name: 'batch_a same' });
    expect(sessions?.map((s) => s.tokenHash)).toEqual(['batch_b-token']);
    expect(count).toBe(2);
    expect(viaEmail?.name).toBe('batch_b same');
    expect(viaEmail?.sessions.map((s) => s.tokenHash)).toEqual(['batch_b-token']);
    for (const s of since(before)) expect(s.sql).not.toMatch(new RegExp(`"(?!${s.schema}")batch_[a-c]"`));
  });

  it('negative control: one unpartitioned loader, bound by the caller’s context only, merges two tenants into one schema', async () => {
    // The design this engine replaces: a single client whose statements take the tenant from the
    // async context of the caller. Both calls are batched into one statement run for the first.
    const shared = rec.engine.unbound();
    const before = rec.statements.length;
    const [fromA, fromB] = await Promise.all([
      // `.then` inside the context: a PrismaPromise starts where it is first awaited.
      runBound('batch_a', () => shared.user.findUnique({ where: { id: SAME_ID } }).then((row) => row)),
      runBound('batch_b', () => shared.user.findUnique({ where: { id: SAME_ID } }).then((row) => row)),
    ]);
    expect(since(before).map((s) => s.schema)).toEqual(['batch_a']);
    expect(fromA?.name).toBe('batch_a same');
    expect(fromB?.name).toBe('batch_a same'); // tenant B answered from A's schema
  });
});
