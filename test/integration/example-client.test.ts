// The example client (examples/client) run as a user would run it, against a real gateway.
import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { signToken } from '../helpers/api.js';
import { useTestServer } from '../helpers/running-gateway.js';

const server = useTestServer();

function runExample(args: string[], env: Record<string, string>): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'examples/client/main.ts', ...args], {
      env: { PATH: process.env.PATH ?? '', ...env },
    });
    let out = '';
    child.stdout.on('data', (c) => (out += c));
    child.stderr.on('data', (c) => (out += c));
    child.on('exit', (code) => resolve({ code, out }));
  });
}

describe('the example client', () => {
  it('reads the public card anonymously, then lists and creates users with a token, through typed documents', async () => {
    const { services } = server.current.gateway;
    const tenant = await services.provisioner.createTenant({ name: 'Example Co', slug: 'example-co' });
    await services.clients.forSchema(tenant.schemaName).user.create({ data: { email: 'first@example.test' } });
    const env = { GATEWAY_URL: server.current.url };

    const anonymous = await runExample(['example-co.localhost'], env);
    expect(anonymous.out).toContain('tenant: Example Co (example-co)');
    expect(anonymous.code).toBe(0);

    const token = await signToken({ email: 'ops@platform.test', systemAdmin: true });
    const signedIn = await runExample(['example-co.localhost', token], { ...env, CREATE_EMAIL: 'second@example.test' });
    expect(signedIn.code).toBe(0);
    expect(signedIn.out).toContain('1 users: first@example.test');
    expect(signedIn.out).toContain('created second@example.test');
    expect(await services.clients.forSchema(tenant.schemaName).user.count()).toBe(2);
  }, 60_000);
});
