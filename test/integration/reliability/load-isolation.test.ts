// Load isolation, short: ≥ 32 clients over ≥ 50 tenants for a few seconds on every `npm test`.
// The long run (more clients, 20 s) is test/soak/load-isolation.soak.ts (`npm run test:soak`).
import { loadIsolationSuite } from '../../helpers/load-isolation-suite.js';

loadIsolationSuite({ tenants: 50, clients: 32, seconds: 6 });
