// Example: list a tenant's users and add one, with typed operations from operations.graphql.
//   npm run example -- [host] [token]     (defaults: acme.localhost, no token → public data only)
import { createClient } from './client.js';
import { CreateUserDocument, PublicTenantDocument, UsersDocument } from './gql/graphql.js';

const [host = 'acme.localhost', token] = process.argv.slice(2);
const baseUrl = process.env.GATEWAY_URL ?? 'http://127.0.0.1:4000';
const execute = createClient({ baseUrl, host, token });

const { currentTenant } = await execute(PublicTenantDocument);
console.log(`tenant: ${currentTenant?.name} (${currentTenant?.slug})`);
if (token) {
  const { users } = await execute(UsersDocument, { first: 5 });
  console.log(`${users.totalCount} users:`, users.edges.map((e) => e.node.email).join(', '));
  if (process.env.CREATE_EMAIL) {
    const { createUser } = await execute(CreateUserDocument, {
      input: { email: process.env.CREATE_EMAIL, name: 'Example' },
    });
    console.log('created', createUser.email);
  }
}
