// Restore without downtime, over real HTTP: while clients keep writing and reading on the tenant's
// host, a backup is taken and later restored. Every write acknowledged before the backup is in the
// restored data; no request fails with a 5xx other than the designed TENANT_NOT_READY + Retry-After
// of the swap (which clients retry, and which is counted); the host answers that refusal while the
// restore's mark is set.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BackupService } from '../../../../src/tenancy/lifecycle/backup-service.js';
import { quoteIdent } from '../../../../src/tenancy/names.js';
import { expectNoErrors, signToken, uniqueSlug } from '../../../helpers/api.js';
import { useTestDatabase } from '../../../helpers/database.js';
import { http, type GraphQLBody, type HttpResponse } from '../../../helpers/http.js';
import { startTestServer, type TestServer } from '../../../helpers/running-gateway.js';

const db = useTestDatabase({ poolMax: 20 });
let server: TestServer;
let token: string;

beforeAll(async () => {
  server = await startTestServer(db.current.url, { HOST_CACHE_TTL_SECONDS: '3600' });
  token = await signToken({ email: 'staff@platform.test', systemAdmin: true });
});
afterAll(async () => {
  await server?.gateway.stop();
});

function post(host: string, query: string, variables: Record<string, unknown> = {}): Promise<HttpResponse> {
  return http(`${server.url}/graphql`, {
    method: 'POST',
    host,
    headers: { 'content-type': 'application/json', accept: 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
  });
}

interface Tally {
  ok: number;
  notReady: number;
  failures: string[];
}

/** One request, retried while it is refused with the swap's TENANT_NOT_READY + Retry-After; anything else 5xx is a failure. */
async function call(
  tally: Tally,
  host: string,
  query: string,
  variables: Record<string, unknown>,
): Promise<HttpResponse | null> {
  for (;;) {
    const res = await post(host, query, variables);
    if (
      res.status === 503 &&
      res.json<GraphQLBody<unknown>>().errors?.[0]?.extensions?.code === 'TENANT_NOT_READY' &&
      res.headers['retry-after']
    ) {
      tally.notReady++;
      continue;
    }
    const body: GraphQLBody<unknown> = res.body ? res.json() : {};
    if (
      res.status >= 500 ||
      body.errors?.some((e) => !e.extensions?.code || e.extensions.code === 'INTERNAL_SERVER_ERROR')
    ) {
      tally.failures.push(`${res.status} ${res.body.slice(0, 300)}`);
      return null;
    }
    if (res.status !== 200 || body.errors) {
      tally.failures.push(`${res.status} ${res.body.slice(0, 300)}`);
      return null;
    }
    tally.ok++;
    return res;
  }
}

describe('restoreTenant under a running read/write load', () => {
  it('loses no write acknowledged before the backup and fails no request with a 5xx', async () => {
    const slug = uniqueSlug('load');
    const tenant = await server.gateway.services.provisioner.createTenant({ name: 'Load', slug });
    const host = `${slug}.localhost`;
    const tally: Tally = { ok: 0, notReady: 0, failures: [] };
    const acked: { email: string; at: number }[] = [];
    let phase: 'before' | 'between' | 'restoring' | 'after' = 'before';
    let afterCount = 0;
    let seq = 0;

    const writer = async (w: number) => {
      while (phase !== 'after' || afterCount < 40) {
        if (phase === 'after') afterCount++;
        const email = `w${w}-${seq++}@load.test`;
        const res = await call(
          tally,
          host,
          'mutation($input: CreateUserInput!) { createUser(input: $input) { id email } }',
          { input: { email } },
        );
        if (res) acked.push({ email, at: performance.now() });
        if (phase === 'before' && acked.length >= 60) phase = 'between';
      }
    };
    const reader = async () => {
      while (phase !== 'after' || afterCount < 40) {
        await call(tally, host, '{ users(first: 5) { totalCount edges { node { email } } } }', {});
      }
    };
    const control = async () => {
      while (phase === 'before') await new Promise((r) => setImmediate(r));
      const backupStarted = performance.now();
      const backup = await post(
        'localhost',
        'mutation($id: ID!) { backupTenant(id: $id, reason: "load test") { id rowCounts } }',
        { id: tenant.id },
      );
      expect(backup.status, backup.body).toBe(200);
      const backupId = backup.json<GraphQLBody<{ backupTenant: { id: string } }>>().data!.backupTenant.id;
      const ackedBeforeBackup = acked.filter((a) => a.at < backupStarted).map((a) => a.email);
      // Let the load write on for a while after the backup (these writes are undone by the restore).
      const target = acked.length + 40;
      while (acked.length < target) await new Promise((r) => setImmediate(r));
      phase = 'restoring';
      const restored = await post(
        'localhost',
        'mutation($id: ID!) { restoreTenant(backupId: $id) { tenant { schemaName } replacedBackup { id kind } rowCounts } }',
        { id: backupId },
      );
      expect(restored.status, restored.body).toBe(200);
      const answer = restored.json<GraphQLBody<{ restoreTenant: { replacedBackup: { kind: string } } }>>();
      expectNoErrors(answer, restored.body);
      expect(answer.data.restoreTenant.replacedBackup.kind).toBe('pre-restore');
      phase = 'after';
      return ackedBeforeBackup;
    };

    const [ackedBeforeBackup] = await Promise.all([control(), writer(1), writer(2), writer(3), reader(), reader()]);

    expect(tally.failures).toEqual([]);
    expect(ackedBeforeBackup.length).toBeGreaterThanOrEqual(60);
    const { rows } = await db.current.pool.query(`SELECT email::text FROM ${quoteIdent(tenant.schemaName)}.users`);
    const present = new Set(rows.map((r) => r.email));
    expect(ackedBeforeBackup.filter((e) => !present.has(e))).toEqual([]);
    // Writes after the swap landed in the restored schema and are still there.
    const lastWrites = acked.slice(-10).map((a) => a.email);
    expect(lastWrites.filter((e) => !present.has(e))).toEqual([]);
    console.log(
      `restore under load: ${tally.ok} requests answered, ${tally.notReady} TENANT_NOT_READY refusals retried, ${acked.length} writes acknowledged, ${ackedBeforeBackup.length} before the backup`,
    );
  }, 120_000);

  it("answers TENANT_NOT_READY with Retry-After on the tenant's host while a restore holds its mark", async () => {
    const services = server.gateway.services;
    const slug = uniqueSlug('mark');
    const tenant = await services.provisioner.createTenant({ name: 'Mark', slug });
    const host = `${slug}.localhost`;
    expect((await post(host, '{ users(first: 1) { totalCount } }')).status).toBe(200);
    const backup = await services.provisioner.backupTenant(tenant.id);
    const seen: HttpResponse[] = [];
    const withSeam = new BackupService({
      pool: services.db.pool,
      clients: services.clients,
      changes: services.changes,
      logger: services.logger,
      provisioner: services.provisioner,
      faults: async (step) => {
        if (step === 'marked') seen.push(await post(host, '{ users(first: 1) { totalCount } }'));
      },
    });
    await withSeam.restore(backup.id);
    expect(seen[0]!.status).toBe(503);
    expect(seen[0]!.json<GraphQLBody<unknown>>().errors![0]!.extensions!.code).toBe('TENANT_NOT_READY');
    expect(seen[0]!.headers['retry-after']).toBe('1');
    expect((await post(host, '{ users(first: 1) { totalCount } }')).status).toBe(200);
  });
});
