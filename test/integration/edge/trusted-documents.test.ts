// Trusted documents over HTTP, in production mode: with TRUSTED_DOCUMENTS=required only the documents
// of the manifest `npm run codegen` writes run (by hash, as Apollo/Yoga clients send it, or by text),
// except for system admins; `allow` runs both; refusals are 400 with a code saying why.
import { readFileSync } from 'node:fs';
import { parse, print } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig, ConfigError } from '../../../src/config.js';
import { TrustedDocuments } from '../../../src/edge/trusted-documents.js';
import { signToken } from '../../helpers/api.js';
import { testConfig, useTestDatabase } from '../../helpers/database.js';
import { send, type GraphQLBody, type HttpResponse } from '../../helpers/http.js';
import { PRODUCTION_ENV, startTestServer, type TestServer } from '../../helpers/running-gateway.js';

const MANIFEST = 'examples/client/gql/persisted-documents.json';
const manifest = JSON.parse(readFileSync(MANIFEST, 'utf8')) as Record<string, string>;
const [publicTenantId, publicTenant] = Object.entries(manifest).find(([, doc]) =>
  doc.startsWith('query PublicTenant '),
)!;
const HEX = publicTenantId.replace('sha256:', '');

const db = useTestDatabase();
const json = (reply: HttpResponse) =>
  reply.json<GraphQLBody<{ currentTenant?: { slug: string } | null; serverTime?: string }>>();

async function startWith(mode: string): Promise<{ server: TestServer; host: string }> {
  const server = await startTestServer(db.current.url, {
    ...PRODUCTION_ENV,
    JWT_SECRET: testConfig().jwt.secret!,
    TRUSTED_DOCUMENTS: mode,
    TRUSTED_DOCUMENTS_FILE: MANIFEST,
  });
  const slug = `trusted${mode}`;
  await server.gateway.services.provisioner.createTenant({ name: `Trusted ${mode}`, slug });
  return { server, host: `${slug}.localhost` };
}

describe('TRUSTED_DOCUMENTS=required (production)', () => {
  let server: TestServer;
  let host: string;
  beforeAll(async () => ({ server, host } = await startWith('required')), 60_000);
  afterAll(() => server?.gateway.stop());
  const post = (body: unknown, headers: Record<string, string> = {}) =>
    send(server.url, '/graphql', { host, body, headers });

  it('runs a trusted document named by extensions.persistedQuery.sha256Hash (Apollo and Yoga clients)', async () => {
    const reply = await post({ extensions: { persistedQuery: { version: 1, sha256Hash: HEX } } });
    expect(reply.status).toBe(200);
    expect(json(reply).data).toEqual({ currentTenant: expect.objectContaining({ slug: 'trustedrequired' }) });
  });

  it('runs a trusted document named by documentId "sha256:<hex>" (GraphQL over HTTP), and over GET (with the CSRF header every GET needs)', async () => {
    const reply = await post({ documentId: publicTenantId });
    expect(json(reply).data?.currentTenant?.slug).toBe('trustedrequired');
    const extensions = encodeURIComponent(JSON.stringify({ persistedQuery: { version: 1, sha256Hash: HEX } }));
    const viaGet = await send(server.url, `/graphql?extensions=${extensions}`, {
      host,
      headers: { accept: 'application/json', 'x-graphql-yoga-csrf': '1' },
    });
    expect(viaGet.status).toBe(200);
    expect(json(viaGet).data?.currentTenant?.slug).toBe('trustedrequired');
  });

  it('runs the text of a trusted document, exactly as in the manifest or formatted otherwise', async () => {
    for (const query of [publicTenant, print(parse(publicTenant))]) {
      const reply = await post({ query });
      expect(reply.status).toBe(200);
      expect(json(reply).data?.currentTenant?.slug).toBe('trustedrequired');
    }
  });

  it('refuses any other document with 400 TRUSTED_DOCUMENT_REQUIRED, for anonymous clients and tenant users alike', async () => {
    const viewer = await signToken({ email: 'someone@example.com' });
    for (const headers of [{}, { authorization: `Bearer ${viewer}` }] as Record<string, string>[]) {
      const reply = await post({ query: '{ serverTime }' }, headers);
      expect(reply.status).toBe(400);
      expect(json(reply).errors?.[0]?.extensions?.code).toBe('TRUSTED_DOCUMENT_REQUIRED');
      expect(json(reply).errors?.[0]?.message).toMatch(/Only trusted documents run on this gateway/);
    }
    // A trusted document with a field added is another document.
    const extended = await post({ query: publicTenant.replace('slug', 'slug status') });
    expect(json(extended).errors?.[0]?.extensions?.code).toBe('TRUSTED_DOCUMENT_REQUIRED');
  });

  it('refuses an unknown hash with 400 PERSISTED_QUERY_NOT_FOUND, whatever text comes with it', async () => {
    for (const body of [
      { extensions: { persistedQuery: { version: 1, sha256Hash: '0'.repeat(64) } } },
      { documentId: 'sha256:not-a-hash' },
      { documentId: 42 },
      { query: '{ serverTime }', extensions: { persistedQuery: { version: 1, sha256Hash: 'f'.repeat(64) } } },
    ]) {
      const reply = await post(body);
      expect(reply.status).toBe(400);
      expect(json(reply).errors?.[0]?.extensions?.code).toBe('PERSISTED_QUERY_NOT_FOUND');
    }
  });

  it('runs the manifest document when a hash comes with a different text', async () => {
    const reply = await post({
      query: '{ serverTime }',
      extensions: { persistedQuery: { version: 1, sha256Hash: HEX } },
    });
    expect(json(reply).data?.currentTenant?.slug).toBe('trustedrequired');
  });

  it('exempts system admins (the explorer keeps working), and a bad token is still 401', async () => {
    const admin = await signToken({ email: 'ops@example.com', systemAdmin: true });
    const reply = await post({ query: '{ serverTime }' }, { authorization: `Bearer ${admin}` });
    expect(reply.status).toBe(200);
    expect(json(reply).data?.serverTime).toEqual(expect.any(String));
    const forged = await post({ query: '{ serverTime }' }, { authorization: `Bearer ${admin}x` });
    expect(forged.status).toBe(401);
  });
});

describe('TRUSTED_DOCUMENTS=allow (production)', () => {
  let server: TestServer;
  let host: string;
  beforeAll(async () => ({ server, host } = await startWith('allow')), 60_000);
  afterAll(() => server?.gateway.stop());

  it('runs trusted documents by hash and any other document', async () => {
    const byHash = await send(server.url, '/graphql', { host, body: { documentId: publicTenantId } });
    expect(json(byHash).data?.currentTenant?.slug).toBe('trustedallow');
    const other = await send(server.url, '/graphql', { host, body: { query: '{ serverTime }' } });
    expect(other.status).toBe(200);
    expect(json(other).data?.serverTime).toEqual(expect.any(String));
    const unknown = await send(server.url, '/graphql', { host, body: { documentId: `sha256:${'0'.repeat(64)}` } });
    expect(json(unknown).errors?.[0]?.extensions?.code).toBe('PERSISTED_QUERY_NOT_FOUND');
  });
});

describe('trusted documents configuration', () => {
  it('is off by default; a manifest alone means required in production and allow elsewhere', () => {
    expect(testConfig().trustedDocuments.mode).toBe('off');
    expect(testConfig({ TRUSTED_DOCUMENTS_FILE: MANIFEST }).trustedDocuments.mode).toBe('allow');
    expect(loadConfig({ ...PRODUCTION_ENV, TRUSTED_DOCUMENTS_FILE: MANIFEST }).trustedDocuments.mode).toBe('required');
  });

  it('refuses allow or required without a manifest, and a manifest whose hash does not match its document', () => {
    expect(() => loadConfig({ TRUSTED_DOCUMENTS: 'required' })).toThrow(ConfigError);
    expect(() => loadConfig({ TRUSTED_DOCUMENTS: 'required' })).toThrow(/TRUSTED_DOCUMENTS_FILE/);
    expect(() => new TrustedDocuments({ [publicTenantId]: `${publicTenant} ` }, 'test')).toThrow(
      /does not have that hash/,
    );
    expect(() => new TrustedDocuments({ 'md5:abc': publicTenant }, 'test')).toThrow(/not a sha256 hash/);
    expect(new TrustedDocuments({ [HEX]: publicTenant }).byHash(publicTenantId)).toBe(publicTenant);
  });
});
