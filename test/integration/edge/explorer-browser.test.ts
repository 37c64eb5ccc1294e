// The admin explorer in a real browser: headless Chromium opens GraphiQL on a running gateway,
// puts a token in the Headers editor, runs a query and reads the data in the result pane.
// Chromium is Debian's /usr/bin/chromium (.ci/run installs it); playwright-core only drives it.
import { SignJWT } from 'jose';
import type { BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, skipWithoutChromium, type HeadlessChromium } from '../../helpers/chromium.js';
import { useTestServer } from '../../helpers/running-gateway.js';

/** What the explorer runs (tenant data, which needs the system admin's token), and what its result pane must then show. */
const EXPLORER_QUERY = 'query ExplorerCheck { tenants(first: 5) { totalCount edges { node { slug status } } } }';
const EXPECTED_IN_RESULT = /"slug": "explorer-co",\s+"status": "ACTIVE"/;

const JWT_SECRET = 'explorer-test-secret-0123456789abcdef';
// CI must prove the explorer works: there a missing browser fails the test instead of skipping it.
const skip = skipWithoutChromium('explorer browser test');

describe.skipIf(skip)('the admin explorer in headless Chromium', () => {
  const server = useTestServer({ JWT_SECRET });
  let chromium: HeadlessChromium;
  let browser: BrowserContext;

  beforeAll(async () => {
    chromium = await launchChromium('explorer');
    browser = chromium.context;
  });

  afterAll(async () => {
    await chromium?.close();
  });

  it('sends the Authorization header from the headers editor and shows tenant data', async () => {
    await server.current.gateway.services.provisioner.createTenant({ name: 'Explorer Co', slug: 'explorer-co' });
    const token = await new SignJWT({
      email: 'explorer-admin@example.com',
      name: 'Explorer Admin',
      roles: ['system_admin'],
    })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('explorer-admin')
      .setIssuedAt()
      .setExpirationTime('10m')
      .sign(new TextEncoder().encode(JWT_SECRET));
    const page = browser.pages()[0] ?? (await browser.newPage());
    const sent: { authorization?: string; body: string }[] = [];
    page.on('request', (req) => {
      if (req.method() === 'POST' && req.url().endsWith('/graphql')) {
        sent.push({ authorization: req.headers().authorization, body: req.postData() ?? '' });
      }
    });

    await page.goto(`${server.current.url}/graphql`);
    const operationEditor = page.getByLabel('Operation Editor').locator('.monaco-editor');
    await operationEditor.waitFor({ timeout: 90_000 }); // ~9 MB of inlined GraphiQL to parse
    await operationEditor.click();
    await page.keyboard.press('Control+A');
    await page.keyboard.press('Delete');
    await page.keyboard.insertText(EXPLORER_QUERY);

    await page.locator('.monaco-editor[data-uri$="request-headers.json"]').click();
    await page.keyboard.press('Control+A');
    await page.keyboard.insertText(JSON.stringify({ Authorization: `Bearer ${token}` }));

    await page.locator('.graphiql-execute-button').click();
    // Monaco renders spaces as U+00A0: compare normalised text.
    const resultText = async () => (await page.getByLabel('Result Window').innerText()).replace(/\s+/g, ' ');
    await expect.poll(resultText, { timeout: 30_000 }).toMatch(EXPECTED_IN_RESULT);
    expect(await resultText()).not.toContain('"errors"');

    const run = sent.find((r) => r.body.includes('ExplorerCheck'));
    expect(run?.authorization).toBe(`Bearer ${token}`);
  }, 180_000);
});
