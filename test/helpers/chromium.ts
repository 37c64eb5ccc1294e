// Headless Chromium for the browser tests: Debian's /usr/bin/chromium (.ci/run installs it), driven by
// playwright-core (never a downloaded browser). CI must prove the browser paths: there a missing
// Chromium fails the test; elsewhere the test is skipped with a warning.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';
import { expect } from 'vitest';

export const CHROMIUM = '/usr/bin/chromium';
const missing = !existsSync(CHROMIUM);

/** True when `what` is to be skipped: no Chromium, and not under CI=true. */
export function skipWithoutChromium(what: string): boolean {
  const skip = missing && process.env.CI !== 'true';
  if (skip) console.warn(`${what} skipped: no ${CHROMIUM} (apt-get install chromium)`);
  return skip;
}

export interface HeadlessChromium {
  context: BrowserContext;
  /** Closes the browser and deletes its profile. */
  close(): Promise<void>;
}

/** A headless Chromium with a throwaway profile; `args` adds flags (e.g. --host-resolver-rules). */
export async function launchChromium(name: string, args: string[] = []): Promise<HeadlessChromium> {
  expect(missing, `${CHROMIUM} is missing: .ci/run installs it with apt-get install chromium`).toBe(false);
  const profile = mkdtempSync(path.join(tmpdir(), `${name}-chromium-`));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      ...args,
    ],
  });
  return {
    context,
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
