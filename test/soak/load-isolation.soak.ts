// Load isolation, long: 48 clients over 60 tenants for 20 s against a real HTTP gateway whose Prisma
// client cache holds 16 (`npm run test:soak`). The short run is in `npm test`.
import { loadIsolationSuite } from '../helpers/load-isolation-suite.js';

loadIsolationSuite({ tenants: 60, clients: 48, seconds: 20 });
