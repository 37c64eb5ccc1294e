// Tokens verified with a PEM public key (JWT_PUBLIC_KEY), and every token refused when no key is configured.
import { exportSPKI, generateKeyPair, type CryptoKey } from 'jose';
import { describe, expect, it } from 'vitest';
import { bearer, hs256, idpToken, useAuthenticationDatabase } from './authentication-setup.js';

const { authenticatorFor } = useAuthenticationDatabase();

describe('public keys (JWT_PUBLIC_KEY)', () => {
  it.each(['RS256', 'ES256', 'EdDSA'])(
    "verifies %s tokens with a PEM public key, and refuses other keys' tokens",
    async (alg) => {
      const mine = await generateKeyPair(alg, { extractable: true });
      const theirs = await generateKeyPair(alg);
      const auth = authenticatorFor({ JWT_PUBLIC_KEY: await exportSPKI(mine.publicKey) });
      const token = (key: CryptoKey) =>
        idpToken({ sub: `pk-${alg}`, email: `${alg.toLowerCase()}@example.com` }, { alg }).sign(key);
      expect(await auth.authenticate(bearer(await token(mine.privateKey)))).toMatchObject({
        email: `${alg.toLowerCase()}@example.com`,
      });
      await expect(auth.authenticate(bearer(await token(theirs.privateKey)))).rejects.toThrow(/signature is not valid/);
    },
  );

  it('accepts a PEM with literal \\n, as environment files carry it', async () => {
    const { publicKey, privateKey } = await generateKeyPair('RS256', { extractable: true });
    const auth = authenticatorFor({ JWT_PUBLIC_KEY: (await exportSPKI(publicKey)).replaceAll('\n', '\\n') });
    const token = await idpToken({ sub: 'nl', email: 'nl@example.com' }, { alg: 'RS256' }).sign(privateKey);
    expect(await auth.authenticate(bearer(token))).toMatchObject({ email: 'nl@example.com' });
  });

  it('refuses an HS256 token signed with the public key as the secret (algorithm confusion)', async () => {
    const { publicKey } = await generateKeyPair('RS256', { extractable: true });
    const pem = await exportSPKI(publicKey);
    const auth = authenticatorFor({ JWT_PUBLIC_KEY: pem });
    await expect(auth.authenticate(bearer(await hs256({ sub: 'x', email: 'x@example.com' }, pem)))).rejects.toThrow(
      /algorithm/,
    );
  });

  it('refuses to start with something that is not a public key', () => {
    expect(() => authenticatorFor({ JWT_PUBLIC_KEY: 'not a key' })).toThrow(/JWT_PUBLIC_KEY is not a PEM/);
  });
});

describe('without any key configured', () => {
  it('refuses every token rather than letting it in as anonymous', async () => {
    const token = await hs256({ sub: 'x', email: 'x@example.com' });
    await expect(authenticatorFor({}).authenticate(bearer(token))).rejects.toThrow(/no key to verify tokens/);
  });
});
