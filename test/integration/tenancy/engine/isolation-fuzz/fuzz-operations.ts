// The operations the fuzz starts: every model operation, fluent relations, nested writes, batch and interactive
// transactions and raw SQL, each with the answer it must get from its own tenant.
import { expect } from 'vitest';
import type { PrismaClient } from '../../../../../src/generated/prisma/client.js';
import type { TenantEngine } from '../../../../../src/tenancy/engine/tenant-engine.js';
import { DELETABLE, deleted, rand, sid, uid, USERS } from './fuzz-tenants.js';

type Check = (result: unknown) => void;
export interface Operation {
  kind: string;
  schema: string;
  promise: PromiseLike<unknown>;
  check: Check;
}

/** Numbers each operation, so rows it writes are unique in the run. */
let seq = 0;

const nameOf = (s: string) => (row: unknown) =>
  expect((row as { name: string }).name.startsWith(`${s}:`), `${JSON.stringify(row)} in ${s}`).toBe(true);

/** One random operation on tenant `s`, built (not started: PrismaPromises are lazy). */
export function operation(s: string, db: PrismaClient, engine: TenantEngine): Operation {
  const k = rand(USERS);
  const n = seq++;
  const fp = `${s}:`;
  const users = engine.table('users');
  const audit = engine.table('audit_logs');
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
      db.$queryRawUnsafe(`SELECT token_hash FROM "${engine.placeholder}".sessions WHERE id = $1::uuid`, sid(k)),
      (r) => expect(r).toEqual([{ token_hash: `${s}:s${k}` }]),
    ],
    () => [
      '$executeRawUnsafe',
      db.$executeRawUnsafe(`INSERT INTO "${engine.placeholder}".audit_logs (action) VALUES ($1)`, `${s}:unsafe${n}`),
      (r) => expect(r).toBe(1),
    ],
  ];
  const [kind, promise, check] = ops[rand(ops.length)]!();
  return { kind, schema: s, promise, check };
}
