// Development only: a JWT secret and a settings encryption key generated once under DATA_DIR
// (dev-secrets.json, mode 0600) when none is configured, so `npm start` and `npm run token` work
// with zero configuration and agree with each other across restarts. Production never gets here
// (config.ts refuses to start without keys); tests configure their own.
import { randomBytes } from 'node:crypto';
import { link, mkdir, readFile, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import type { Config } from '../config.js';

export const DEV_SECRETS_FILE = 'dev-secrets.json';

const fileSchema = z.object({
  jwtSecret: z.string().min(32),
  encryptionKey: z.object({ id: z.string().regex(/^[A-Za-z0-9_-]{1,32}$/), key: z.string() }),
});
type DevSecrets = z.infer<typeof fileSchema>;

export interface DevSecretsLog {
  info(obj: object, msg: string): void;
}

/** The config with generated secrets filled in where it has none; unchanged outside development. */
export async function withDevelopmentSecrets(config: Config, log?: DevSecretsLog): Promise<Config> {
  if (config.env !== 'development') return config;
  const needsJwt = !config.jwt.secret && !config.jwt.publicKey && !config.jwt.jwksUrl;
  const needsKeys = !config.encryptionKeys?.length;
  if (!needsJwt && !needsKeys) return config;

  const file = path.join(config.dataDir, DEV_SECRETS_FILE);
  const { secrets, created } = await readOrCreate(file);
  if (created) log?.info({ file }, 'generated development secrets (JWT secret, settings encryption key)');
  return {
    ...config,
    jwt: needsJwt ? { ...config.jwt, secret: secrets.jwtSecret } : config.jwt,
    encryptionKeys: needsKeys
      ? [{ id: secrets.encryptionKey.id, key: Buffer.from(secrets.encryptionKey.key, 'base64') }]
      : config.encryptionKeys,
  };
}

async function readOrCreate(file: string): Promise<{ secrets: DevSecrets; created: boolean }> {
  const existing = await readSecrets(file);
  if (existing) return { secrets: existing, created: false };
  const secrets: DevSecrets = {
    jwtSecret: randomBytes(48).toString('base64url'),
    encryptionKey: { id: 'dev1', key: randomBytes(32).toString('base64') },
  };
  await mkdir(path.dirname(file), { recursive: true });
  // Written whole to a private file, then linked into place: link() fails if the name exists, so
  // when two processes start at once the second reads what the first wrote, never half a file.
  const temp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  await writeFile(temp, `${JSON.stringify(secrets, null, 2)}\n`, { flag: 'wx', mode: 0o600 });
  try {
    await link(temp, file);
    return { secrets, created: true };
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    const raced = await readSecrets(file);
    if (!raced) throw new Error(`${file} vanished while it was being read: start again`);
    return { secrets: raced, created: false };
  } finally {
    await unlink(temp).catch(() => undefined);
  }
}

async function readSecrets(file: string): Promise<DevSecrets | undefined> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
  let parsed;
  try {
    parsed = fileSchema.safeParse(JSON.parse(text));
  } catch {
    parsed = undefined;
  }
  if (!parsed?.success || Buffer.from(parsed.data.encryptionKey.key, 'base64').length !== 32) {
    throw new Error(`${file} is not a valid development secrets file: delete it to generate new secrets`);
  }
  return parsed.data;
}
