// The words the control plane stores and checks: ids, member roles and their ranks.

/** Row ids are UUIDs; anything else is simply not found (never sent to Postgres to fail a cast). */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const isUuid = (value: unknown): value is string => typeof value === 'string' && UUID.test(value);

export type MemberRole = 'owner' | 'admin' | 'member' | 'viewer';

const RANK: Record<MemberRole, number> = { viewer: 1, member: 2, admin: 3, owner: 4 };

export function roleAtLeast(role: string, minimum: MemberRole): boolean {
  return (RANK[role as MemberRole] ?? 0) >= RANK[minimum];
}
