// 200 tenants whose rows have the SAME ids in every schema (so a statement in the wrong schema returns
// a wrong row, not nothing), waves of 300 mixed operations started in one tick on random tenants:
// every answer is traced to its tenant by fingerprint, and afterwards every schema is scanned for
// rows another tenant's operation wrote. Run again with a decoy tenant bound where each promise is
// awaited (in both the routing context and the request's tenant context).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runBound } from '../../../../../src/tenancy/engine/bound-schema.js';
import { useTestDatabase } from '../../../../helpers/database.js';
import { recordingEngine, type RecordingEngine } from '../../../../helpers/engine-schemas.js';
import { operation, type Operation } from './fuzz-operations.js';
import { createFuzzTenants, DELETABLE, deleted, rand, schemas, TENANTS } from './fuzz-tenants.js';

const WAVE = 300;
const db = useTestDatabase({ poolMax: 20 });
let rec: RecordingEngine;

beforeAll(async () => {
  await createFuzzTenants(db.current.pool);
  rec = recordingEngine(db.current.pool);
}, 120_000);
afterAll(() => rec.engine.disconnect());

/** Starts a wave of operations in one tick; `awaitIn` wraps where each promise is first awaited. */
async function wave(awaitIn: (op: Operation, start: () => Promise<void>) => Promise<void>) {
  const ops = Array.from({ length: WAVE }, () => {
    const s = schemas[rand(schemas.length)]!;
    return operation(s, rec.engine.bind(s), rec.engine);
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
