// The admin explorer: GraphiQL at /graphql (GET, Accept: text/html), with the headers editor open
// so staff can paste `{"Authorization": "Bearer …"}`. Assets are inlined (no CDN): the explorer
// works on machines without Internet access and loads nothing from third parties.
import { renderGraphiQL } from '@graphql-yoga/render-graphiql';
import type { GraphiQLOptions } from 'graphql-yoga';

export const GRAPHIQL_OPTIONS: GraphiQLOptions = {
  title: 'Tenant gateway explorer',
  isHeadersEditorEnabled: true,
  defaultEditorToolsVisibility: 'headers',
  // Tokens must not outlive the tab in localStorage.
  shouldPersistHeaders: false,
  defaultQuery: '# Put {"Authorization": "Bearer <token>"} in Headers below, then run a query.\n{\n  serverTime\n}\n',
};

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
