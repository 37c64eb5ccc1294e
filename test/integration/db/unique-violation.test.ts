// The one unique-violation mapper recognises Postgres' own error and Prisma's wrapping of it, with the constraint.
import { describe, expect, it } from 'vitest';
import { mapUniqueViolation, uniqueViolation } from '../../../src/db/unique-violation.js';
import { ConflictError } from '../../../src/errors.js';
import { useProvisioner } from '../../helpers/provisioner.js';

const t = useProvisioner();

const failure = (p: Promise<unknown>) =>
  p.then(
    () => {
      throw new Error('expected a failure');
    },
    (err: unknown) => err,
  );

describe('uniqueViolation', () => {
  it('names the constraint of a unique violation from pg and from Prisma; anything else is null', async () => {
    const tenant = await t.current.provisioner.createTenant({ name: 'Unique', slug: 'unique-a' });
    const pgError = await failure(
      t.current.db.pool.query(
        `INSERT INTO public.tenants (name, slug, schema_name) VALUES ('x', 'unique-a', 'unique_other')`,
      ),
    );
    expect(uniqueViolation(pgError)).toEqual({ constraint: 'tenants_slug_key' });
    const prismaError = await failure(
      t.current.clients
        .control()
        .tenant.create({ data: { name: 'y', slug: 'unique-b', schemaName: tenant.schemaName } }),
    );
    expect(uniqueViolation(prismaError)).toEqual({ constraint: 'tenants_schema_name_key' });
    const other = await failure(t.current.db.pool.query('SELECT 1/0'));
    expect(uniqueViolation(other)).toBeNull();
    expect(uniqueViolation(undefined)).toBeNull();
  });

  it("mapUniqueViolation turns a violation into the caller's error and passes other errors and results through", async () => {
    await t.current.provisioner.createTenant({ name: 'Mapped', slug: 'unique-c' });
    const insert = () =>
      t.current.db.pool.query(
        `INSERT INTO public.tenants (name, slug, schema_name) VALUES ('x', 'unique-c', 'unique_c2')`,
      );
    const mapped = await failure(mapUniqueViolation(insert, (constraint) => new ConflictError(`taken: ${constraint}`)));
    expect(mapped).toBeInstanceOf(ConflictError);
    expect((mapped as Error).message).toBe('taken: tenants_slug_key');
    const kept = await failure(mapUniqueViolation(insert, () => null));
    expect(uniqueViolation(kept)).toEqual({ constraint: 'tenants_slug_key' });
    const division = await failure(
      mapUniqueViolation(
        () => t.current.db.pool.query('SELECT 1/0'),
        () => new ConflictError('no'),
      ),
    );
    expect((division as { code?: string }).code).toBe('22012');
    expect(
      await mapUniqueViolation(
        async () => 42,
        () => new ConflictError('no'),
      ),
    ).toBe(42);
  });
});
