import { GraphQLError } from 'graphql';
import { describe, expect, it } from 'vitest';
import { isDatabaseUnavailable, isInvalidUuidInput } from '../../../src/db/connection-errors.js';

const socketError = (code: string) =>
  Object.assign(new Error(`connect ${code} 127.0.0.1:5432`), { code, syscall: 'connect', errno: -111 });
const pgError = (code: string, message: string) => Object.assign(new Error(message), { code, severity: 'FATAL' });
const prismaError = (code: string, cause?: object) =>
  Object.assign(new Error('Invalid `prisma.user.findMany()` invocation'), {
    code,
    meta: cause ? { driverAdapterError: { name: 'DriverAdapterError', cause } } : {},
  });

describe('isDatabaseUnavailable', () => {
  it.each([
    ['a refused connection', socketError('ECONNREFUSED')],
    ['a reset connection', socketError('ECONNRESET')],
    ['node-postgres losing its connection', new Error('Connection terminated unexpectedly')],
    ['the pool giving up waiting for a connection', new Error('timeout exceeded when trying to connect')],
    ['a terminated backend (57P01)', pgError('57P01', 'terminating connection due to administrator command')],
    ['a server starting up (57P03)', pgError('57P03', 'the database system is starting up')],
    ['a connection exception (class 08)', pgError('08006', 'connection failure')],
    ['too many connections (53300)', pgError('53300', 'sorry, too many clients already')],
    ['Prisma: cannot reach the server (P1001)', prismaError('P1001', { kind: 'DatabaseNotReachable' })],
    [
      'Prisma: a terminated backend, by its driver adapter error',
      prismaError('P2010', { kind: 'postgres', code: '57P01' }),
    ],
    ['a GraphQL error wrapping one', new GraphQLError('located', { originalError: socketError('ECONNREFUSED') })],
    ['an error whose cause is one', new Error('wrapped', { cause: new Error('Connection terminated unexpectedly') })],
  ])('is true for %s', (_what, error) => {
    expect(isDatabaseUnavailable(error)).toBe(true);
  });

  it.each([
    ['a bug', new TypeError("Cannot read properties of undefined (reading 'id')")],
    ['a unique violation', pgError('23505', 'duplicate key value violates unique constraint')],
    ['a statement timeout', pgError('57014', 'canceling statement due to statement timeout')],
    ['Prisma: a unique violation', prismaError('P2002', { kind: 'UniqueConstraintViolation' })],
    ['a GraphQL validation error', new GraphQLError('Cannot query field "x" on type "Query".')],
    ['a non-error', 'ECONNREFUSED'],
    ['nothing', undefined],
  ])('is false for %s', (_what, error) => {
    expect(isDatabaseUnavailable(error)).toBe(false);
  });

  it('does not loop on an error that is its own cause', () => {
    const error = new Error('loop') as Error & { cause?: unknown };
    error.cause = error;
    expect(isDatabaseUnavailable(error)).toBe(false);
  });
});

describe('isInvalidUuidInput', () => {
  it('is true for Postgres refusing a value as a uuid, from pg or through Prisma', () => {
    expect(isInvalidUuidInput(pgError('22P02', 'invalid input syntax for type uuid: "x"'))).toBe(true);
    const viaPrisma = prismaError('P2007', {
      kind: 'InvalidInputValue',
      originalCode: '22P02',
      originalMessage: 'invalid input syntax for type uuid: "x"',
    });
    expect(isInvalidUuidInput(new GraphQLError('located', { originalError: viaPrisma }))).toBe(true);
  });

  it('is false for other invalid input (a bug in our own SQL) and other errors', () => {
    expect(isInvalidUuidInput(pgError('22P02', 'invalid input syntax for type integer: "x"'))).toBe(false);
    expect(isInvalidUuidInput(pgError('23505', 'duplicate key value violates unique constraint'))).toBe(false);
    expect(isInvalidUuidInput(new Error('invalid input syntax for type uuid'))).toBe(false);
  });
});
