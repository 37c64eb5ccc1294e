// Announcing a change to a tenant's schemas or hosts: this process's bindings go at once, then every
// gateway hears it on the ChangeBus. A lost announcement is logged, not thrown: the change itself has
// committed, local caches are already clear, and other gateways catch up through their cache TTLs.
import type { ChangeBus } from './changes.js';
import type { ClientCache } from './client-cache.js';

export interface AnnounceDeps {
  clients: Pick<ClientCache, 'invalidate'>;
  changes: Pick<ChangeBus, 'publish'>;
  logger: { warn(obj: object, msg: string): void };
}

export async function announceTenantChange(
  deps: AnnounceDeps,
  kind: string,
  tenant: { id: string; slug: string },
  schemas: string[],
  domains: string[],
): Promise<void> {
  // Directly as well as through the bus: this cache must not depend on how the bus is wired.
  for (const schema of schemas) deps.clients.invalidate(schema);
  try {
    await deps.changes.publish({
      kind,
      tenantId: tenant.id,
      slug: tenant.slug,
      schemas,
      domains: domains.slice(0, 100),
    });
  } catch (err) {
    deps.logger.warn({ err, tenantId: tenant.id, kind }, 'could not announce a tenant change to other gateways');
  }
}
