// Verified tokens are remembered (verifying one was the largest per-request cost of an
// authenticated query), but never past their own expiry, and a forged token gains nothing from it.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { signDevToken } from '../../../src/auth/dev-token.js';
import { createTokenVerifier } from '../../../src/auth/token-verifier.js';
import { loadConfig } from '../../../src/config.js';

const jwt = loadConfig({ NODE_ENV: 'test', JWT_SECRET: 'a-secret-that-is-long-enough-for-hs256-0123' }).jwt;

afterEach(() => {
  vi.useRealTimers();
});

describe('verified token cache', () => {
  it('accepts a token again with the same identity, but not after it expires, although it was remembered', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const verifier = createTokenVerifier(jwt)!;
    const token = await signDevToken(jwt, { email: 'a@example.com', expiresIn: 30 });
    const first = await verifier.verify(token);
    expect(await verifier.verify(token)).toEqual(first);
    vi.setSystemTime(Date.now() + 40_000); // past exp and the 5 s clock tolerance, within the cache's minute
    await expect(verifier.verify(token)).rejects.toThrow('The token has expired.');
  });

  it('a forged token is refused even while the genuine one is remembered', async () => {
    const verifier = createTokenVerifier(jwt)!;
    const token = await signDevToken(jwt, { email: 'a@example.com' });
    await verifier.verify(token);
    const [header, payload, signature] = token.split('.');
    const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString());
    const forgedPayload = Buffer.from(JSON.stringify({ ...claims, roles: ['system_admin'] })).toString('base64url');
    await expect(verifier.verify(`${header}.${forgedPayload}.${signature}`)).rejects.toThrow(
      'The token signature is not valid.',
    );
    await expect(verifier.verify(`${token.slice(0, -2)}xx`)).rejects.toThrow(/signature is not valid|malformed/);
  });
});
