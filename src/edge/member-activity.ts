// Keeps tenant_users.last_active_at current without a write per request: at most one update per
// member and tenant every THROTTLE_MS, fire-and-forget (a failed update is only logged).
import type { Plugin } from 'graphql-yoga';
import { LRUCache } from 'lru-cache';
import type { GraphQLContext } from '../context.js';
import type { Services } from '../services.js';
import { touchMemberActivity } from '../control-plane/stores/members-store.js';

export const LAST_ACTIVE_THROTTLE_MS = 5 * 60_000;

export function memberActivityPlugin(services: Services): Plugin<GraphQLContext> {
  const recent = new LRUCache<string, true>({ max: 50_000, ttl: LAST_ACTIVE_THROTTLE_MS });
  return {
    onExecute({ args }) {
      const { tenant, viewer } = args.contextValue as GraphQLContext;
      if (!tenant || !viewer) return;
      const key = `${tenant.id}:${viewer.accountId}`;
      if (recent.has(key)) return;
      recent.set(key, true);
      touchMemberActivity(services.db.pool, tenant.id, viewer.accountId, LAST_ACTIVE_THROTTLE_MS / 1000).catch(
        (err: Error) => services.logger.warn({ err: err.message }, 'could not record member activity'),
      );
    },
  };
}
