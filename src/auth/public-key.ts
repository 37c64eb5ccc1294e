// A configured public key (JWT_PUBLIC_KEY, PEM) and the signature algorithms it can verify.
// The algorithms follow from the key's type, so a token can never pick a weaker or different one.
import { createPublicKey, type KeyObject } from 'node:crypto';
import { importSPKI, importX509, type CryptoKey } from 'jose';

export interface PublicKeyVerifier {
  algorithms: string[];
  /** The key as jose needs it for `alg` (one of `algorithms`). */
  keyFor(alg: string): Promise<CryptoKey>;
}

export function readPublicKey(pem: string): PublicKeyVerifier {
  // Environment files often carry PEM on one line with literal "\n".
  const text = pem.includes('\\n') ? pem.replaceAll('\\n', '\n') : pem;
  const isCertificate = text.includes('BEGIN CERTIFICATE');
  let key: KeyObject;
  try {
    key = createPublicKey(text);
  } catch (err) {
    throw new Error(`JWT_PUBLIC_KEY is not a PEM public key or certificate: ${(err as Error).message}`);
  }
  const algorithms = algorithmsFor(key);
  const imported = new Map<string, Promise<CryptoKey>>();
  return {
    algorithms,
    keyFor(alg) {
      let pending = imported.get(alg);
      if (!pending) {
        pending = isCertificate ? importX509(text, alg) : importSPKI(text, alg);
        imported.set(alg, pending);
      }
      return pending;
    },
  };
}

function algorithmsFor(key: KeyObject): string[] {
  switch (key.asymmetricKeyType) {
    case 'rsa':
      return ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512'];
    case 'rsa-pss':
      return ['PS256', 'PS384', 'PS512'];
    case 'ec': {
      const curve = key.asymmetricKeyDetails?.namedCurve;
      const alg = { prime256v1: 'ES256', secp384r1: 'ES384', secp521r1: 'ES512' }[curve ?? ''];
      if (!alg) throw new Error(`JWT_PUBLIC_KEY: unsupported elliptic curve ${curve}`);
      return [alg];
    }
    case 'ed25519':
      return ['EdDSA', 'Ed25519'];
    default:
      throw new Error(
        `JWT_PUBLIC_KEY: unsupported key type ${key.asymmetricKeyType} (use RSA, EC P-256/384/521 or Ed25519)`,
      );
  }
}
