// Postgres reports a unique violation as SQLSTATE 23505 naming the constraint; Prisma (through its pg
// adapter) reports the same thing as P2002 with the adapter's error in meta. Every caller that turns
// one into its own error (a CONFLICT naming the field, a retry) asks here, so both shapes count.

export interface UniqueViolation {
  /** The violated constraint or unique index, when the error names it. */
  constraint: string | undefined;
}

interface PrismaAdapterCause {
  kind?: string;
  constraint?: { index?: string };
}

/** The unique violation `err` is, or null when it is any other error. */
export function uniqueViolation(err: unknown): UniqueViolation | null {
  const e = (err ?? {}) as {
    code?: unknown;
    constraint?: string;
    meta?: { driverAdapterError?: { cause?: PrismaAdapterCause } };
  };
  if (e.code === '23505') return { constraint: e.constraint };
  if (e.code === 'P2002') return { constraint: e.meta?.driverAdapterError?.cause?.constraint?.index };
  return null;
}

/**
 * Runs `fn`; a unique violation becomes what `toError` makes of its constraint (null: rethrown as it
 * is). Any other error passes through unchanged.
 */
export async function mapUniqueViolation<T>(
  fn: () => Promise<T>,
  toError: (constraint: string | undefined) => Error | null,
): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    const violation = uniqueViolation(err);
    throw (violation && toError(violation.constraint)) || err;
  }
}
