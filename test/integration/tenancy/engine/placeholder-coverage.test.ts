// Every statement the shared engine generates for a tenant model names each tenant table through the
// placeholder, so the router can put the bound schema on all of them: an unqualified table in a
// join or subquery would fall through to the connection's search_path instead.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PrismaClient } from '../../../../src/generated/prisma/client.js';
import { TENANT_MODELS } from '../../../../src/tenancy/model-kinds.js';
import { useTestDatabase } from '../../../helpers/database.js';
import { createTenantSchemas, recordingEngine, type RecordingEngine } from '../../../helpers/engine-schemas.js';

const db = useTestDatabase();
const TABLES = ['users', 'sessions', 'audit_logs'];
const SCHEMA = 'coverage_tenant';
let rec: RecordingEngine;
let client: PrismaClient;

beforeAll(async () => {
  await createTenantSchemas(db.current.pool, [SCHEMA]);
  rec = recordingEngine(db.current.pool);
  client = rec.engine.bind(SCHEMA);
});
afterAll(() => rec.engine.disconnect());

const later = () => new Date(Date.now() + 3_600_000);
let n = 0;
const email = () => `cov-${n++}@example.test`;

/** Every operation of a model's delegate, each run against fresh rows. */
function operations(model: (typeof TENANT_MODELS)[number]): [string, () => Promise<unknown>][] {
  if (model === 'User') {
    const user = () => client.user.create({ data: { email: email(), name: 'u' } });
    return [
      [
        'create',
        () =>
          client.user.create({
            data: { email: email(), sessions: { create: { tokenHash: randomUUID(), expiresAt: later() } } },
          }),
      ],
      ['createMany', () => client.user.createMany({ data: [{ email: email() }, { email: email() }] })],
      ['createManyAndReturn', () => client.user.createManyAndReturn({ data: [{ email: email() }] })],
      [
        'findUnique',
        async () => client.user.findUnique({ where: { id: (await user()).id }, include: { sessions: true } }),
      ],
      [
        'findUniqueOrThrow',
        async () =>
          client.user.findUniqueOrThrow({
            where: { id: (await user()).id },
            select: { sessions: { select: { user: true } } },
          }),
      ],
      [
        'findFirst',
        () =>
          client.user.findFirst({
            where: { sessions: { some: { revokedAt: null } } },
            orderBy: { insertedAt: 'desc' },
          }),
      ],
      ['findFirstOrThrow', () => client.user.findFirstOrThrow({ include: { _count: { select: { sessions: true } } } })],
      [
        'findMany',
        () =>
          client.user.findMany({
            where: { sessions: { none: {} } },
            include: { sessions: { where: { user: { name: 'u' } } } },
            take: 5,
          }),
      ],
      ['fluent relation', async () => client.user.findUnique({ where: { id: (await user()).id } }).sessions()],
      [
        'update',
        async () =>
          client.user.update({
            where: { id: (await user()).id },
            data: { name: 'v', sessions: { create: { tokenHash: randomUUID(), expiresAt: later() } } },
          }),
      ],
      ['updateMany', () => client.user.updateMany({ where: { sessions: { some: {} } }, data: { name: 'w' } })],
      ['updateManyAndReturn', () => client.user.updateManyAndReturn({ where: { name: 'w' }, data: { name: 'x' } })],
      [
        'upsert',
        () =>
          client.user.upsert({
            where: { email: 'cov-upsert@example.test' },
            create: { email: 'cov-upsert@example.test' },
            update: { name: 'y' },
          }),
      ],
      ['delete', async () => client.user.delete({ where: { id: (await user()).id } })],
      ['deleteMany', () => client.user.deleteMany({ where: { sessions: { none: {} }, name: 'u' } })],
      ['count', () => client.user.count({ where: { sessions: { some: {} } } })],
      ['aggregate', () => client.user.aggregate({ _count: true, _min: { email: true } })],
      ['groupBy', () => client.user.groupBy({ by: ['name'], _count: true, having: { name: { not: null } } })],
    ];
  }
  if (model === 'Session') {
    const session = async () =>
      client.session.create({
        data: { tokenHash: randomUUID(), expiresAt: later(), user: { create: { email: email() } } },
      });
    return [
      ['create', session],
      [
        'createMany',
        async () =>
          client.session.createMany({
            data: [{ tokenHash: randomUUID(), expiresAt: later(), userId: (await session()).userId }],
          }),
      ],
      [
        'createManyAndReturn',
        async () =>
          client.session.createManyAndReturn({
            data: [{ tokenHash: randomUUID(), expiresAt: later(), userId: (await session()).userId }],
            include: { user: true },
          }),
      ],
      [
        'findUnique',
        async () =>
          client.session.findUnique({
            where: { id: (await session()).id },
            include: { user: { include: { sessions: true } } },
          }),
      ],
      [
        'findUniqueOrThrow',
        async () => client.session.findUniqueOrThrow({ where: { tokenHash: (await session()).tokenHash } }),
      ],
      ['findFirst', () => client.session.findFirst({ where: { user: { email: { contains: 'cov' } } } })],
      ['findFirstOrThrow', () => client.session.findFirstOrThrow({ orderBy: { user: { email: 'asc' } } })],
      [
        'findMany',
        () => client.session.findMany({ where: { user: { is: { name: null } } }, include: { user: true }, take: 3 }),
      ],
      ['fluent relation', async () => client.session.findUnique({ where: { id: (await session()).id } }).user()],
      [
        'update',
        async () =>
          client.session.update({
            where: { id: (await session()).id },
            data: { revokedAt: new Date(), user: { update: { name: 's' } } },
          }),
      ],
      ['updateMany', () => client.session.updateMany({ where: { user: { name: 's' } }, data: { ip: '127.0.0.1' } })],
      [
        'updateManyAndReturn',
        () => client.session.updateManyAndReturn({ where: { ip: '127.0.0.1' }, data: { ip: '::1' } }),
      ],
      [
        'upsert',
        async () =>
          client.session.upsert({
            where: { tokenHash: 'cov-upsert' },
            create: { tokenHash: 'cov-upsert', expiresAt: later(), userId: (await session()).userId },
            update: { ip: 'x' },
          }),
      ],
      ['delete', async () => client.session.delete({ where: { id: (await session()).id } })],
      ['deleteMany', () => client.session.deleteMany({ where: { user: { name: 's' } } })],
      ['count', () => client.session.count({ where: { user: { email: { startsWith: 'cov' } } } })],
      ['aggregate', () => client.session.aggregate({ _max: { expiresAt: true }, _count: { _all: true } })],
      ['groupBy', () => client.session.groupBy({ by: ['userId'], _count: true })],
    ];
  }
  const entry = () => client.auditLog.create({ data: { action: 'cov.entry', metadata: { n: n++ } } });
  return [
    ['create', entry],
    ['createMany', () => client.auditLog.createMany({ data: [{ action: 'cov.many' }] })],
    ['createManyAndReturn', () => client.auditLog.createManyAndReturn({ data: [{ action: 'cov.many' }] })],
    ['findUnique', async () => client.auditLog.findUnique({ where: { id: (await entry()).id } })],
    ['findUniqueOrThrow', async () => client.auditLog.findUniqueOrThrow({ where: { id: (await entry()).id } })],
    [
      'findFirst',
      () =>
        client.auditLog.findFirst({ where: { action: 'cov.entry' }, orderBy: [{ insertedAt: 'asc' }, { id: 'asc' }] }),
    ],
    ['findFirstOrThrow', () => client.auditLog.findFirstOrThrow({ where: { action: { startsWith: 'cov' } } })],
    ['findMany', () => client.auditLog.findMany({ cursor: undefined, take: 2, skip: 1 })],
    ['update', async () => client.auditLog.update({ where: { id: (await entry()).id }, data: { targetType: 't' } })],
    ['updateMany', () => client.auditLog.updateMany({ where: { action: 'cov.many' }, data: { targetId: '1' } })],
    [
      'updateManyAndReturn',
      () => client.auditLog.updateManyAndReturn({ where: { targetId: '1' }, data: { targetId: '2' } }),
    ],
    [
      'upsert',
      async () =>
        client.auditLog.upsert({
          where: { id: (await entry()).id },
          create: { action: 'cov.u' },
          update: { action: 'cov.u2' },
        }),
    ],
    ['delete', async () => client.auditLog.delete({ where: { id: (await entry()).id } })],
    ['deleteMany', () => client.auditLog.deleteMany({ where: { action: 'cov.u2' } })],
    ['count', () => client.auditLog.count()],
    ['aggregate', () => client.auditLog.aggregate({ _count: { id: true }, _min: { insertedAt: true } })],
    ['groupBy', () => client.auditLog.groupBy({ by: ['action'], _count: { _all: true }, orderBy: { action: 'asc' } })],
  ];
}

/** Each quoted tenant table name in `sql`, with whether the placeholder qualifies it. */
function tableReferences(sql: string, placeholder: string) {
  const refs: { table: string; qualified: boolean }[] = [];
  for (const match of sql.matchAll(/("(?:[^"]|"")+"\.)?"(users|sessions|audit_logs)"(?!\.)/g)) {
    refs.push({ table: match[2]!, qualified: match[1] === `"${placeholder}".` });
  }
  return refs;
}

describe('placeholder coverage of the shared tenant engine', () => {
  for (const model of TENANT_MODELS) {
    it(`every ${model} operation names each tenant table through the placeholder`, async () => {
      for (const [name, run] of operations(model)) {
        const before = rec.statements.length;
        await run();
        const statements = rec.statements.slice(before);
        expect(statements.length, `${model}.${name} sent no statement`).toBeGreaterThan(0);
        for (const { template, sql, schema } of statements) {
          expect(schema).toBe(SCHEMA);
          const refs = tableReferences(template, rec.engine.placeholder);
          expect(refs.length, `${model}.${name}: ${template}`).toBeGreaterThan(0);
          for (const ref of refs)
            expect(ref.qualified, `${model}.${name} names "${ref.table}" unqualified: ${template}`).toBe(true);
          expect(sql).not.toContain(rec.engine.placeholder);
          expect(TABLES.some((table) => sql.includes(`"${SCHEMA}"."${table}"`))).toBe(true);
        }
      }
    });
  }
});
