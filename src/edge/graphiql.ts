// The admin explorer: GraphiQL at /graphql (GET, Accept: text/html), with the headers editor open
// so staff can paste `{"Authorization": "Bearer …"}`. Assets are inlined (no CDN): the explorer
// works on machines without Internet access and loads nothing from third parties.
import { renderGraphiQL } from '@graphql-yoga/render-graphiql';
import type { GraphiQLOptions } from 'graphql-yoga';
import type { Config } from '../config.js';
import { admit, hostHeadersOf } from '../tenancy/admission.js';
import type { HostResolver } from '../tenancy/host-resolver.js';

export const GRAPHIQL_OPTIONS: GraphiQLOptions = {
  title: 'Tenant gateway explorer',
  isHeadersEditorEnabled: true,
  defaultEditorToolsVisibility: 'headers',
  // Tokens must not outlive the tab in localStorage.
  shouldPersistHeaders: false,
  defaultQuery: '# Put {"Authorization": "Bearer <token>"} in Headers below, then run a query.\n{\n  serverTime\n}\n',
};

/**
 * The explorer belongs to the platform host (BASE_DOMAIN, www., or an unknown host that
 * UNKNOWN_HOST_POLICY=platform admits as such). Tenant hosts get no page: a browser there falls
 * through to the door (refusals) or to the JSON-only endpoint (406).
 */
export function explorerOnPlatformHost(services: { config: Config; hosts: HostResolver }) {
  return async (request: Request, serverContext?: unknown): Promise<GraphiQLOptions | false> => {
    const admission = await admit(services.config, services.hosts, hostHeadersOf(request, serverContext)).catch(
      () => null,
    );
    return admission && admission.tenant === null ? GRAPHIQL_OPTIONS : false;
  };
}

/** The page is ~9 MB of inlined assets and never changes while the process runs: render it once. */
export function cachedGraphiQLRenderer(): (options: GraphiQLOptions) => string {
  const pages = new Map<string, string>();
  return (options) => {
    const key = JSON.stringify(options);
    let page = pages.get(key);
    if (!page) pages.set(key, (page = renderGraphiQL(options)));
    return page;
  };
}
