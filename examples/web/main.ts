// The current tenant's branding and users, through the typed documents of examples/client/gql
// (generated from the contract by npm run codegen). The tenant is whatever host the page is on.
import { PublicTenantDocument, UsersDocument } from '../client/gql/graphql.ts';
import { createClient } from './client.ts';

// A token for the users list: `#token=…` in the address (never sent to a server), or VITE_GATEWAY_TOKEN
// when the dev server started. Without one the page shows the public card only.
const token = new URLSearchParams(location.hash.slice(1)).get('token') ?? import.meta.env.VITE_GATEWAY_TOKEN ?? null;
const execute = createClient({ token });

const byId = (id: string) => document.getElementById(id)!;
const cell = (tag: 'td' | 'th', text: string) => Object.assign(document.createElement(tag), { textContent: text });
function row(table: HTMLElement, cells: string[], tag: 'td' | 'th' = 'td') {
  const tr = document.createElement('tr');
  tr.append(...cells.map((text) => cell(tag, text)));
  table.append(tr);
}

async function show() {
  byId('host').textContent = location.host;
  const { currentTenant } = await execute(PublicTenantDocument);
  if (!currentTenant) throw new Error(`${location.hostname} is not a tenant's host`);
  document.title = currentTenant.name;
  byId('tenant-name').textContent = currentTenant.name;
  byId('tenant-slug').textContent = currentTenant.slug;
  const branding = (currentTenant.branding ?? {}) as Record<string, unknown>;
  if (typeof branding.primaryColor === 'string')
    document.documentElement.style.setProperty('--brand', branding.primaryColor);
  if (typeof branding.tagline === 'string') byId('tenant-tagline').textContent = branding.tagline;
  for (const [key, value] of Object.entries(branding)) row(byId('branding'), [key, JSON.stringify(value)]);

  if (!token) {
    byId('status').textContent = 'No token: open this page with #token=<JWT> to list users.';
    return;
  }
  const { users } = await execute(UsersDocument, { first: 20 });
  byId('user-count').textContent = `(${users.totalCount})`;
  row(byId('users'), ['Name', 'Email'], 'th');
  for (const { node } of users.edges) row(byId('users'), [node.name ?? '', node.email]);
  byId('status').textContent = 'Loaded.';
}

show().catch((err: Error) => {
  byId('status').textContent = err.message;
  byId('status').className = 'error';
});
