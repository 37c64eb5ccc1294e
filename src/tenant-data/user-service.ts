// Writes to a tenant's own data (its users), with their side effects, the same for every caller:
// refused when the tenant is out of storage, validated before any SQL, written through the tenant's
// binding (never another schema), and audited in the tenant's schema for the actor passed in.
import type pg from 'pg';
import { recordAudit, type AuditActor, type AuditedTenant } from '../control-plane/audit.js';
import { assertStorageRoom } from '../control-plane/limits.js';
import { normalizeEmail } from '../control-plane/members.js';
import { uniqueViolation } from '../db/unique-violation.js';
import { BadUserInputError, ConflictError } from '../errors.js';
import type { Prisma, User } from '../generated/prisma/client.js';
import type { ClientCache } from '../tenancy/client-cache.js';

export const MAX_USER_NAME_LENGTH = 200;

export interface NewUser {
  email: string;
  name?: string | null;
}

/** What of the created row to return (Pothos passes its selection; omitted: the whole row). */
type Selection = Pick<Prisma.UserCreateArgs, 'select' | 'include'>;

export class UserService {
  constructor(private readonly deps: { clients: Pick<ClientCache, 'forSchema'>; pool: pg.Pool }) {}

  async create(tenant: AuditedTenant, input: NewUser, actor: AuditActor, selection: Selection = {}): Promise<User> {
    await assertStorageRoom(this.deps.pool, tenant.id);
    const email = normalizeEmail(input.email);
    const name = input.name?.trim() || null;
    if (name && name.length > MAX_USER_NAME_LENGTH) {
      throw new BadUserInputError(`name must be at most ${MAX_USER_NAME_LENGTH} characters`, { field: 'name' });
    }
    let user: User;
    try {
      user = await this.deps.clients.forSchema(tenant.schemaName).user.create({ ...selection, data: { email, name } });
    } catch (err) {
      if (uniqueViolation(err))
        throw new ConflictError(`a user with email ${email} already exists`, { field: 'email' });
      throw err;
    }
    await recordAudit(this.deps.clients, tenant, actor, 'user.create', 'user', user.id);
    return user;
  }
}
