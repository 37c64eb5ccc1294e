// The test API with the gateway in its context (vitest fixtures): `gw` is the file's gateway on the file's
// own database, created for the file's first test that asks for it and closed after its last; `tenant` is a
// fresh provisioned tenant with an account for each role, made for each test that asks for it.
import { test as base } from 'vitest';
import { createLogger } from '../../src/logger.js';
import { createServices } from '../../src/services.js';
import { createGateway } from '../../src/yoga.js';
import { tenantWithMembers } from './api.js';
import { createTestDatabase, testConfig } from './database.js';
import type { TestGateway } from './gateway.js';

export type TestTenant = Awaited<ReturnType<typeof tenantWithMembers>>;

/** A gateway on a database of its own; `onCleanup` closes both. */
export async function startTestGateway(
  env: Record<string, string>,
  onCleanup: (fn: () => Promise<void>) => void,
): Promise<TestGateway> {
  const db = await createTestDatabase();
  const config = testConfig(env, db.url);
  const services = createServices(config, db, createLogger(config));
  onCleanup(async () => {
    await services.clients.close();
    await db.close();
  });
  return { db, services, yoga: createGateway(services) };
}

/** The test API for a file whose gateway runs with `env` on top of the test configuration. */
export function testWithGateway(env: Record<string, string>) {
  return base
    .extend('gw', { scope: 'file' }, async ({}, { onCleanup }) => startTestGateway(env, onCleanup))
    .extend('tenant', async ({ gw }) => tenantWithMembers(gw));
}

export const test = testWithGateway({});
