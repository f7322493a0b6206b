import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { InvalidArgumentError } from '../errors';
import { helperErase, helperGet, helperStore } from './credential-helper';
import type { CredentialProvider, Credentials } from './credentials';

/** The parts of docker's config.json about registries; other keys are kept as they are. */
interface DockerConfigFile {
  auths?: Record<string, { auth?: string; username?: string; password?: string; identitytoken?: string }>;
  credsStore?: string;
  credHelpers?: Record<string, string>;
  [key: string]: unknown;
}

/** Docker keeps Docker Hub's credentials under its v1 index URL. */
const DOCKER_HUB_KEY = 'https://index.docker.io/v1/';
const DOCKER_HUB_HOSTS: ReadonlySet<string> = new Set([
  'docker.io',
  'index.docker.io',
  'registry-1.docker.io',
]);

/** `$DOCKER_CONFIG/config.json`, else `~/.docker/config.json`. */
export function dockerConfigPath(env: NodeJS.ProcessEnv = process.env): string {
  return join(env.DOCKER_CONFIG ?? join(homedir(), '.docker'), 'config.json');
}

/** The key docker uses in `auths` and passes to credential helpers for a registry host. */
export function serverKey(host: string): string {
  return DOCKER_HUB_HOSTS.has(host) ? DOCKER_HUB_KEY : host;
}

/** `https://host/v1/` and similar keys written by older clients name the same host. */
function keyHost(key: string): string {
  const withoutScheme = key.replace(/^[a-z]+:\/\//i, '');
  const host = withoutScheme.split('/')[0] ?? '';
  return DOCKER_HUB_HOSTS.has(host) ? 'docker.io' : host;
}

async function readConfig(path: string): Promise<DockerConfigFile> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw error;
  }
  try {
    const json = JSON.parse(text) as unknown;
    if (typeof json !== 'object' || json === null || Array.isArray(json)) throw new Error('not an object');
    return json as DockerConfigFile;
  } catch (error) {
    throw new InvalidArgumentError(
      `${path}: not a docker config file: ${(error as Error).message}`,
      'INVALID_DOCKER_CONFIG',
    );
  }
}

async function writeConfig(path: string, config: DockerConfigFile): Promise<void> {
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  const temp = `${path}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    await writeFile(temp, `${JSON.stringify(config, null, '\t')}\n`, { mode: 0o600, flush: true });
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}

function helperFor(config: DockerConfigFile, host: string): string | undefined {
  const key = serverKey(host);
  return config.credHelpers?.[key] ?? config.credHelpers?.[host] ?? (config.credsStore || undefined);
}

function inlineCredentials(config: DockerConfigFile, host: string): Credentials | undefined {
  const wanted = DOCKER_HUB_HOSTS.has(host) ? 'docker.io' : host;
  const entry = Object.entries(config.auths ?? {}).find(([key]) => keyHost(key) === wanted)?.[1];
  if (entry === undefined) return undefined;
  if (entry.identitytoken) return { identityToken: entry.identitytoken };
  if (entry.auth) {
    const decoded = Buffer.from(entry.auth, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon < 0)
      throw new InvalidArgumentError(
        `docker config: auth for ${host} is not base64 of user:password`,
        'INVALID_DOCKER_CONFIG',
      );
    return { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
  }
  if (entry.username && entry.password) return { username: entry.username, password: entry.password };
  return undefined;
}

/** Credentials from docker's config.json: the host's credential helper, else `auths`. */
export function dockerConfigCredentials(path: string = dockerConfigPath()): CredentialProvider {
  return async (host) => {
    const config = await readConfig(path);
    const helper = helperFor(config, host);
    if (helper !== undefined) {
      const fromHelper = await helperGet(helper, serverKey(host));
      if (fromHelper !== undefined) return fromHelper;
    }
    return inlineCredentials(config, host);
  };
}

/** Saves credentials like `docker login`: into the credential helper if one is configured, else `auths`. */
export async function storeDockerCredentials(
  host: string,
  credentials: Credentials,
  path: string = dockerConfigPath(),
): Promise<void> {
  const config = await readConfig(path);
  const key = serverKey(host);
  const helper = helperFor(config, host);
  if (helper !== undefined) {
    await helperStore(helper, key, credentials);
    if (config.auths?.[key] !== undefined) {
      // Docker leaves an empty entry so `docker logout` and tools listing logins still see it.
      config.auths[key] = {};
      await writeConfig(path, config);
    }
    return;
  }
  const entry =
    'identityToken' in credentials
      ? { auth: '', identitytoken: credentials.identityToken }
      : { auth: Buffer.from(`${credentials.username}:${credentials.password}`).toString('base64') };
  config.auths = { ...config.auths, [key]: entry };
  await writeConfig(path, config);
}

/** Forgets credentials like `docker logout`; returns false when there were none. */
export async function eraseDockerCredentials(
  host: string,
  path: string = dockerConfigPath(),
): Promise<boolean> {
  const config = await readConfig(path);
  const key = serverKey(host);
  const helper = helperFor(config, host);
  if (helper !== undefined) await helperErase(helper, key);
  const wanted = DOCKER_HUB_HOSTS.has(host) ? 'docker.io' : host;
  const keys = Object.keys(config.auths ?? {}).filter((k) => keyHost(k) === wanted);
  if (keys.length === 0) return helper !== undefined;
  for (const k of keys) delete config.auths?.[k];
  await writeConfig(path, config);
  return true;
}
