// The browser app (examples/web) in headless Chromium: the Vite dev server, as `npm run example:web`
// runs it, proxies /graphql to a gateway with TRUSTED_DOCUMENTS=required; opened on acme's and
// globex's hosts, each page shows that tenant's own branding and users, fetched by document hash.
// Chromium is Debian's /usr/bin/chromium (.ci/run installs it); playwright-core only drives it.
import type { BrowserContext } from 'playwright-core';
import { createServer, type ViteDevServer } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signToken } from '../helpers/api.js';
import { launchChromium, skipWithoutChromium, type HeadlessChromium } from '../helpers/chromium.js';
import { freePort } from '../helpers/free-port.js';
import { send } from '../helpers/http.js';
import { useTestServer } from '../helpers/running-gateway.js';

const skip = skipWithoutChromium('web example browser test');

const TENANTS = {
  acme: { name: 'Acme Corporation', color: '#d32f2f', tagline: 'Beep beep', users: ['Wile E. Coyote', 'Road Runner'] },
  globex: {
    name: 'Globex Corporation',
    color: '#1565c0',
    tagline: 'Hammocks for everyone',
    users: ['Hank Scorpio', 'Homer Simpson', 'Frank Grimes'],
  },
} as const;
const emailOf = (slug: string, name: string) => `${name.toLowerCase().replace(/[^a-z]+/g, '.')}@${slug}.example`;

describe.skipIf(skip)('examples/web in headless Chromium', () => {
  const server = useTestServer({
    TRUSTED_DOCUMENTS: 'required',
    TRUSTED_DOCUMENTS_FILE: 'examples/client/gql/persisted-documents.json',
  });
  let vite: ViteDevServer;
  let webPort: number;
  let chromium: HeadlessChromium;
  let browser: BrowserContext;
  let viewerToken: string;

  beforeAll(async () => {
    const { services } = server.current.gateway;
    const admin = await signToken({ email: 'web-admin@example.com', systemAdmin: true });
    const viewer = await services.clients
      .control()
      .account.create({ data: { email: 'web-viewer@example.com', name: 'Web Viewer' } });
    for (const [slug, t] of Object.entries(TENANTS)) {
      const tenant = await services.provisioner.createTenant({ name: t.name, slug });
      await services.clients
        .forSchema(tenant.schemaName)
        .user.createMany({ data: t.users.map((name) => ({ name, email: emailOf(slug, name) })) });
      await services.clients.control().tenantMember.create({
        data: {
          tenantId: tenant.id,
          userId: viewer.id,
          role: 'viewer',
          status: 'active',
          invitedAt: new Date(),
          acceptedAt: new Date(),
        },
      });
      for (const [key, value] of [
        ['primaryColor', t.color],
        ['tagline', t.tagline],
      ]) {
        // The setup's own document is not a trusted one: it runs because the caller is a system admin.
        const set = await send(server.current.url, '/graphql', {
          host: `${slug}.localhost`,
          headers: { authorization: `Bearer ${admin}` },
          body: {
            query: 'mutation B($input: SetTenantSettingInput!) { setTenantSetting(input: $input) { key } }',
            variables: { input: { category: 'BRANDING', key, value } },
          },
        });
        expect(set.status, set.body).toBe(200);
      }
    }
    viewerToken = await signToken({ email: 'web-viewer@example.com' });

    webPort = await freePort();
    vite = await createServer({
      configFile: 'examples/web/vite.config.ts',
      logLevel: 'silent',
      server: {
        port: webPort,
        proxy: {
          '/graphql': { target: `http://127.0.0.1:${new URL(server.current.gateway.url).port}`, changeOrigin: false },
        },
      },
    });
    await vite.listen();

    chromium = await launchChromium('web-example', ['--host-resolver-rules=MAP *.localhost 127.0.0.1']);
    browser = chromium.context;
  }, 120_000);

  afterAll(async () => {
    await chromium?.close();
    await vite?.close();
  });

  for (const [slug, t] of Object.entries(TENANTS)) {
    it(`shows ${slug}'s own branding and users on http://${slug}.localhost:<port>, by trusted-document hash`, async () => {
      const page = await browser.newPage();
      const bodies: string[] = [];
      page.on('request', (req) => {
        if (req.method() === 'POST' && req.url().endsWith('/graphql')) bodies.push(req.postData() ?? '');
      });
      try {
        await page.goto(`http://${slug}.localhost:${webPort}/#token=${viewerToken}`);
        await page.locator('#status', { hasText: /Loaded\.|:/ }).waitFor({ timeout: 60_000 });
        expect(await page.locator('#status').textContent()).toBe('Loaded.');
        expect(await page.locator('#tenant-name').textContent()).toBe(t.name);
        expect(await page.locator('#tenant-slug').textContent()).toBe(slug);
        expect(await page.locator('#tenant-tagline').textContent()).toBe(t.tagline);
        expect(
          await page.evaluate(() => getComputedStyle(document.documentElement).getPropertyValue('--brand').trim()),
        ).toBe(t.color);
        expect(await page.locator('#user-count').textContent()).toBe(`(${t.users.length})`);
        const emails = await page.locator('#users td:nth-child(2)').allTextContents();
        expect(emails.sort()).toEqual(t.users.map((name) => emailOf(slug, name)).sort());
        // Only hashes went over the wire, never document text.
        expect(bodies.length).toBe(2);
        for (const body of bodies) {
          expect(JSON.parse(body)).toEqual(
            expect.objectContaining({ documentId: expect.stringMatching(/^sha256:[0-9a-f]{64}$/) }),
          );
          expect(JSON.parse(body)).not.toHaveProperty('query');
        }
      } finally {
        await page.close();
      }
    }, 90_000);
  }
});
