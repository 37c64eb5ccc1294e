// 200 tenants whose rows have the SAME ids in every schema (so a statement in the wrong schema returns
// a wrong row, not nothing), waves of 300 mixed operations started in one tick on random tenants:
// every answer is traced to its tenant by fingerprint, and afterwards every schema is scanned for
// rows another tenant's operation wrote. Run again with a decoy tenant bound where each promise is
// awaited (in both the routing context and the request's tenant context).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PrismaClient } from '../../../../src/generated/prisma/client.js';
import { runBound } from '../../../../src/tenancy/engine/bound-schema.js';
import { useTestDatabase } from '../../../helpers/database.js';
import { createTenantSchemas, recordingEngine, type RecordingEngine } from '../../../helpers/engine-schemas.js';

const TENANTS = 200;
const WAVE = 300;
const USERS = 5;
const DELETABLE = 12;
const db = useTestDatabase({ poolMax: 20 });
const schemas = Array.from({ length: TENANTS }, (_, i) => `fz_${String(i).padStart(3, '0')}`);
const uid = (k: number) => `00000000-0000-4000-8000-${String(k).padStart(12, '0')}`;
const sid = (k: number) => `00000000-0000-4000-9000-${String(k).padStart(12, '0')}`;
let rec: RecordingEngine;

/** Per tenant, the deletable rows its own operations removed (expected gone; the rest expected kept). */
const deleted = new Map<string, Set<number>>(schemas.map((s) => [s, new Set()]));
let seq = 0;
let random = 0x2545f491;
const rand = (n: number) => {
  random ^= random << 13;
  random ^= random >>> 17;
  random ^= random << 5;
  return (random >>> 0) % n;
};

beforeAll(async () => {
  await createTenantSchemas(db.current.pool, schemas);
  const values = (s: string) =>
    `INSERT INTO "${s}".users (id, email, name) SELECT ('00000000-0000-4000-8000-' || lpad(k::text, 12, '0'))::uuid, 'u' || k || '@same.test', '${s}:u' || k FROM generate_series(0, ${USERS - 1}) k;
     INSERT INTO "${s}".sessions (id, user_id, token_hash, expires_at) SELECT ('00000000-0000-4000-9000-' || lpad(k::text, 12, '0'))::uuid, ('00000000-0000-4000-8000-' || lpad(k::text, 12, '0'))::uuid, '${s}:s' || k, now() + interval '1 day' FROM generate_series(0, ${USERS - 1}) k;
     INSERT INTO "${s}".users (email, name) SELECT 'del' || k || '@same.test', '${s}:del' || k FROM generate_series(0, ${DELETABLE - 1}) k;`;
  for (let i = 0; i < schemas.length; i += 50)
    await db.current.pool.query(
      schemas
        .slice(i, i + 50)
        .map(values)
        .join('\n'),
    );
  rec = recordingEngine(db.current.pool);
}, 120_000);
afterAll(() => rec.engine.disconnect());

type Check = (result: unknown) => void;
interface Operation {
  kind: string;
  schema: string;
  promise: PromiseLike<unknown>;
  check: Check;
}

const nameOf = (s: string) => (row: unknown) =>
  expect((row as { name: string }).name.startsWith(`${s}:`), `${JSON.stringify(row)} in ${s}`).toBe(true);

/** One random operation on tenant `s`, built (not started: PrismaPromises are lazy). */
function operation(s: string, db: PrismaClient): Operation {
  const k = rand(USERS);
  const n = seq++;
  const fp = `${s}:`;
  const users = rec.engine.table('users');
  const audit = rec.engine.table('audit_logs');
  const ops: (() => [string, PromiseLike<unknown>, Check])[] = [
    () => [
      'findUnique',
      db.user.findUnique({ where: { id: uid(k) } }),
      (r) => expect((r as { name: string }).name).toBe(`${s}:u${k}`),
    ],
    () => [
      'findUniqueOrThrow',
      db.user.findUniqueOrThrow({ where: { email: `u${k}@same.test` } }),
      (r) => expect((r as { name: string }).name).toBe(`${s}:u${k}`),
    ],
    () => [
      'fluent relation',
      db.user.findUnique({ where: { id: uid(k) } }).sessions(),
      (r) => expect((r as { tokenHash: string }[]).map((x) => x.tokenHash)).toEqual([`${s}:s${k}`]),
    ],
    () => [
      'session → user',
      db.session.findUnique({ where: { id: sid(k) } }).user(),
      (r) => expect((r as { name: string }).name).toBe(`${s}:u${k}`),
    ],
    () => [
      'findMany with relations',
      db.user.findMany({
        where: { id: { in: [uid(0), uid(1), uid(2)] } },
        include: { sessions: true },
        orderBy: { email: 'asc' },
      }),
      (r) => {
        const rows = r as { name: string; sessions: { tokenHash: string }[] }[];
        expect(rows.map((x) => x.name)).toEqual([0, 1, 2].map((i) => `${s}:u${i}`));
        for (const x of rows) for (const t of x.sessions) expect(t.tokenHash.startsWith(fp)).toBe(true);
      },
    ],
    () => [
      'count',
      db.user.count({ where: { id: { in: [0, 1, 2, 3, 4].map(uid) }, name: { startsWith: fp } } }),
      (r) => expect(r).toBe(USERS),
    ],
    () => [
      'aggregate',
      db.user.aggregate({ where: { id: { in: [0, 1, 2, 3, 4].map(uid) } }, _min: { name: true }, _count: true }),
      (r) => expect(r).toMatchObject({ _min: { name: `${s}:u0` }, _count: USERS }),
    ],
    () => [
      'groupBy',
      db.user.groupBy({ by: ['name'], where: { id: { in: [uid(1), uid(3)] } }, orderBy: { name: 'asc' } }),
      (r) => expect((r as { name: string }[]).map((x) => x.name)).toEqual([`${s}:u1`, `${s}:u3`]),
    ],
    () => ['create', db.user.create({ data: { email: `new${n}@same.test`, name: `${s}:new${n}` } }), nameOf(s)],
    () => [
      'nested create',
      db.user.create({
        data: {
          email: `nest${n}@same.test`,
          name: `${s}:nest${n}`,
          sessions: { create: { tokenHash: `${s}:ns${n}`, expiresAt: new Date(Date.now() + 3_600_000) } },
        },
        include: { sessions: true },
      }),
      (r) =>
        expect((r as { sessions: { tokenHash: string }[] }).sessions.map((x) => x.tokenHash)).toEqual([`${s}:ns${n}`]),
    ],
    () => [
      'update',
      db.user.update({ where: { id: uid(k) }, data: { metadata: { by: s, n } } }),
      (r) => expect((r as { name: string }).name).toBe(`${s}:u${k}`),
    ],
    () => [
      'upsert',
      db.user.upsert({
        where: { email: 'u0@same.test' },
        create: { email: 'u0@same.test', name: `${s}:wrong` },
        update: { metadata: { by: s } },
      }),
      (r) => expect((r as { name: string }).name).toBe(`${s}:u0`),
    ],
    () => [
      'updateMany',
      db.user.updateMany({ where: { id: { in: [uid(3), uid(4)] } }, data: { metadata: { by: s } } }),
      (r) => expect(r).toEqual({ count: 2 }),
    ],
    () => {
      const left = [...Array(DELETABLE).keys()].filter((i) => !deleted.get(s)!.has(i));
      if (!left.length)
        return [
          'deleteMany (none left)',
          db.user.deleteMany({ where: { email: 'none@same.test' } }),
          (r) => expect(r).toEqual({ count: 0 }),
        ];
      const d = left[rand(left.length)]!;
      deleted.get(s)!.add(d);
      return [
        'deleteMany',
        db.user.deleteMany({ where: { email: `del${d}@same.test` } }),
        (r) => expect(r).toEqual({ count: 1 }),
      ];
    },
    () => [
      'batch $transaction with writes',
      db.$transaction(
        [
          db.auditLog.create({ data: { action: `${s}:batch${n}` } }),
          db.user.update({ where: { id: uid(k) }, data: { metadata: { by: s } }, select: { name: true } }),
          db.user.count({ where: { id: uid(k), name: { startsWith: fp } } }),
        ],
        { maxWait: 60_000, timeout: 60_000 },
      ),
      (r) => {
        const [entry, user, count] = r as [{ action: string }, { name: string }, number];
        expect([entry.action, user.name, count]).toEqual([`${s}:batch${n}`, `${s}:u${k}`, 1]);
      },
    ],
    () => [
      'interactive transaction with raw SQL',
      db.$transaction(
        async (tx) => {
          const rows = await tx.$queryRaw<{ name: string }[]>`SELECT name FROM ${users} WHERE id = ${uid(k)}::uuid`;
          await tx.$executeRaw`INSERT INTO ${audit} (action) VALUES (${`${s}:itx${n}`})`;
          await tx.user.update({ where: { id: uid(k) }, data: { metadata: { by: s } } });
          return rows;
        },
        { maxWait: 60_000, timeout: 60_000 },
      ),
      (r) => expect(r).toEqual([{ name: `${s}:u${k}` }]),
    ],
    () => [
      '$queryRaw',
      db.$queryRaw`SELECT name FROM ${users} WHERE id = ${uid(k)}::uuid`,
      (r) => expect(r).toEqual([{ name: `${s}:u${k}` }]),
    ],
    () => [
      '$executeRaw',
      db.$executeRaw`UPDATE ${users} SET metadata = jsonb_build_object('by', ${s}::text) WHERE id = ${uid(k)}::uuid`,
      (r) => expect(r).toBe(1),
    ],
    () => [
      '$queryRawUnsafe',
      db.$queryRawUnsafe(`SELECT token_hash FROM "${rec.engine.placeholder}".sessions WHERE id = $1::uuid`, sid(k)),
      (r) => expect(r).toEqual([{ token_hash: `${s}:s${k}` }]),
    ],
    () => [
      '$executeRawUnsafe',
      db.$executeRawUnsafe(
        `INSERT INTO "${rec.engine.placeholder}".audit_logs (action) VALUES ($1)`,
        `${s}:unsafe${n}`,
      ),
      (r) => expect(r).toBe(1),
    ],
  ];
  const [kind, promise, check] = ops[rand(ops.length)]!();
  return { kind, schema: s, promise, check };
}

/** Starts a wave of operations in one tick; `awaitIn` wraps where each promise is first awaited. */
async function wave(awaitIn: (op: Operation, start: () => Promise<void>) => Promise<void>) {
  const ops = Array.from({ length: WAVE }, () => {
    const s = schemas[rand(schemas.length)]!;
    return operation(s, rec.engine.bind(s));
  });
  const failures: string[] = [];
  await Promise.all(
    ops.map((op) =>
      awaitIn(op, () =>
        Promise.resolve(op.promise).then(op.check, (err: unknown) => {
          throw err;
        }),
      ).catch((err: unknown) => void failures.push(`${op.kind} on ${op.schema}: ${String(err).slice(0, 300)}`)),
    ),
  );
  expect(failures).toEqual([]);
  return new Set(ops.map((op) => op.kind));
}

/** Ground truth from Postgres: no row in any schema carries another tenant's fingerprint. */
async function scanEverySchema() {
  const strays: string[] = [];
  for (let i = 0; i < schemas.length; i += 50) {
    const sql = schemas
      .slice(i, i + 50)
      .map(
        (s) => `SELECT '${s}' AS schema, name AS print, metadata->>'by' AS by FROM "${s}".users
          UNION ALL SELECT '${s}', token_hash, NULL FROM "${s}".sessions
          UNION ALL SELECT '${s}', action, NULL FROM "${s}".audit_logs`,
      )
      .join(' UNION ALL ');
    const { rows } = await db.current.pool.query<{ schema: string; print: string; by: string | null }>(sql);
    for (const row of rows) {
      if (!row.print.startsWith(`${row.schema}:`) || (row.by !== null && row.by !== row.schema))
        strays.push(JSON.stringify(row));
    }
  }
  expect(strays).toEqual([]);
  // Deletes landed where they were asked for: exactly the deletable rows a tenant's own operations removed are gone.
  const { rows } = await db.current.pool.query<{ schema: string; k: number }>(
    schemas
      .map(
        (s) =>
          `SELECT '${s}' AS schema, substring(email from '^del([0-9]+)@')::int AS k FROM "${s}".users WHERE email LIKE 'del%'`,
      )
      .join(' UNION ALL '),
  );
  const kept = new Map(schemas.map((s) => [s, new Set<number>()]));
  for (const row of rows) kept.get(row.schema)!.add(row.k);
  for (const s of schemas) {
    const expected = [...Array(DELETABLE).keys()].filter((k) => !deleted.get(s)!.has(k));
    expect(
      [...kept.get(s)!].sort((x, y) => x - y),
      s,
    ).toEqual(expected);
  }
}

describe(`isolation fuzz: ${TENANTS} tenants with identical ids, waves of ${WAVE} operations in one tick`, () => {
  it('answers every operation from its own tenant and writes nothing into another’s schema', async () => {
    const kinds = new Set<string>();
    for (let i = 0; i < 4; i++) for (const kind of await wave((_op, start) => start())) kinds.add(kind);
    expect(kinds.size).toBeGreaterThanOrEqual(18); // every kind of operation ran
    await scanEverySchema();
  }, 180_000);

  it('still does with a decoy tenant bound wherever each promise is awaited', async () => {
    const decoyOf = (s: string) => schemas[(schemas.indexOf(s) + 1) % schemas.length]!;
    for (let i = 0; i < 3; i++) {
      await wave((op, start) => {
        const decoy = decoyOf(op.schema);
        return runBound(decoy, start);
      });
    }
    await scanEverySchema();
    const routed = new Set(rec.statements.map((s) => s.schema));
    expect(routed.size).toBeGreaterThan(TENANTS * 0.9);
  }, 180_000);
});
