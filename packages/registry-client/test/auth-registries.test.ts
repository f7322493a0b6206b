import { copyFile, mkdir, readFile } from 'node:fs/promises';
import { busyboxLayout, startRegistry, type BusyboxLayout, type RunningRegistry } from '@berth/fixtures';
import { RegistryClient, UnauthorizedError, storeDockerCredentials } from '../src';
import { join } from 'node:path';
import { blobNames, useTempDirs } from './helpers';
import { startTokenRegistry, type TokenRegistry } from './token-registry';

const USER = { user: 'berth', password: 's3cret-pw' };

describe('TLS registry with htpasswd Basic auth', () => {
  let registry: RunningRegistry;
  let busybox: BusyboxLayout;
  const tempDir = useTempDirs();

  beforeAll(async () => {
    busybox = await busyboxLayout();
    registry = await startRegistry({ tls: true, htpasswd: USER });
  });
  afterAll(async () => {
    await registry?.stop();
  });

  it('verifies the certificate through a certs.d dir and authenticates from docker config.json', async () => {
    const certsDir = await tempDir();
    await mkdir(join(certsDir, registry.host));
    await copyFile(registry.caCertPath as string, join(certsDir, registry.host, 'ca.crt'));
    const dockerConfig = join(await tempDir(), 'config.json');
    await storeDockerCredentials(
      registry.host,
      { username: USER.user, password: USER.password },
      dockerConfig,
    );
    // Loopback is insecure by default (as in docker); turn that off so the CA is really checked.
    const client = new RegistryClient({
      certsDirs: [certsDir],
      dockerConfig,
      hosts: { [registry.host]: { insecure: false } },
    });
    try {
      await client.push(busybox.dir, `${registry.host}/secure/busybox:1`);
      const dir = await tempDir();
      await client.pull(`${registry.host}/secure/busybox:1`, dir);
      expect(await blobNames(dir)).toEqual(await blobNames(busybox.dir));
      // The registry offers h2 by ALPN, so everything above went over one HTTP/2 session.
      const host = await client.host(registry.host);
      expect(await host.upstream.transport.protocolOf(registry.url)).toBe('h2');
    } finally {
      await client.close();
    }
    const http1 = new RegistryClient({
      certsDirs: [certsDir],
      dockerConfig,
      http2: false,
      hosts: { [registry.host]: { insecure: false } },
    });
    try {
      const dir = await tempDir();
      await http1.pull(`${registry.host}/secure/busybox:1`, dir);
      expect(await blobNames(dir)).toEqual(await blobNames(busybox.dir));
      expect(await (await http1.host(registry.host)).upstream.transport.protocolOf(registry.url)).toBe(
        'http/1.1',
      );
    } finally {
      await http1.close();
    }
    const saved = JSON.parse(await readFile(dockerConfig, 'utf8'));
    expect(saved.auths[registry.host].auth).toBe(
      Buffer.from(`${USER.user}:${USER.password}`).toString('base64'),
    );
  });

  it('refuses an unknown certificate unless the host is insecure', async () => {
    const strict = new RegistryClient({
      dockerConfig: false,
      certsDirs: [],
      hosts: { [registry.host]: { insecure: false } },
    });
    await expect(strict.digest(`${registry.host}/secure/busybox:1`)).rejects.toMatchObject({
      code: 'Unavailable',
      reason: 'TLS_FAILED',
    });
    await strict.close();
  });

  it('reports missing or wrong credentials as Unauthenticated', async () => {
    const anonymous = new RegistryClient({ dockerConfig: false, certsDirs: [] });
    await expect(anonymous.digest(`${registry.host}/secure/busybox:1`)).rejects.toBeInstanceOf(
      UnauthorizedError,
    );
    await anonymous.close();
    const wrong = new RegistryClient({
      dockerConfig: false,
      certsDirs: [],
      credentials: { [registry.host]: { username: USER.user, password: 'nope' } },
    });
    await expect(wrong.digest(`${registry.host}/secure/busybox:1`)).rejects.toMatchObject({
      code: 'Unauthenticated',
      reason: 'UNAUTHORIZED',
    });
    await wrong.close();
  });
});

describe('registry with Bearer token auth', () => {
  let registry: TokenRegistry;
  let busybox: BusyboxLayout;
  const tempDir = useTempDirs();

  beforeAll(async () => {
    busybox = await busyboxLayout();
    registry = await startTokenRegistry(USER);
  });
  afterAll(async () => {
    await registry?.stop();
  });

  it('pushes with credentialed tokens, reuses them, and pulls anonymously where allowed', async () => {
    const client = new RegistryClient({
      dockerConfig: false,
      credentials: { [registry.host]: { username: USER.user, password: USER.password } },
    });
    try {
      await client.push(busybox.dir, `${registry.host}/public/busybox:1`);
      await client.copy(`${registry.host}/public/busybox:1`, `${registry.host}/private/busybox:1`);
    } finally {
      await client.close();
    }
    const credentialed = registry.tokens.requests.filter((r) => r.user === USER.user);
    expect(credentialed.length).toBeGreaterThan(0);
    // One token per scope set, not one per request.
    expect(credentialed.length).toBeLessThan(6);
    expect(
      credentialed.some(
        (r) =>
          r.scopes.includes('repository:private/busybox:pull,push') &&
          r.scopes.includes('repository:public/busybox:pull'),
      ),
    ).toBe(true);

    const anonymous = new RegistryClient({ dockerConfig: false });
    try {
      const dir = await tempDir();
      await anonymous.pull(`${registry.host}/public/busybox:1`, dir);
      expect(await blobNames(dir)).toEqual(await blobNames(busybox.dir));
      expect(registry.tokens.requests.some((r) => r.user === undefined)).toBe(true);
      await expect(anonymous.digest(`${registry.host}/private/busybox:1`)).rejects.toBeInstanceOf(
        UnauthorizedError,
      );
      await expect(anonymous.push(busybox.dir, `${registry.host}/public/busybox:2`)).rejects.toMatchObject({
        code: expect.stringMatching(/Unauthenticated|PermissionDenied/),
      });
    } finally {
      await anonymous.close();
    }
  });

  it('asks for the catalog scope and surfaces the token server refusing bad credentials', async () => {
    const client = new RegistryClient({
      dockerConfig: false,
      credentials: { [registry.host]: { username: USER.user, password: USER.password } },
    });
    try {
      expect(await client.catalog(registry.host)).toEqual(expect.arrayContaining(['public/busybox']));
      expect(registry.tokens.requests.at(-1)?.scopes).toEqual(['registry:catalog:*']);
      await client.push(busybox.dir, `${registry.host}/private/doomed:1`);
      await client.delete(`${registry.host}/private/doomed:1`);
      await expect(client.digest(`${registry.host}/private/doomed:1`)).rejects.toMatchObject({
        code: 'NotFound',
      });
    } finally {
      await client.close();
    }
    const wrong = new RegistryClient({
      dockerConfig: false,
      credentials: { [registry.host]: { username: USER.user, password: 'bad' } },
    });
    await expect(wrong.digest(`${registry.host}/public/busybox:1`)).rejects.toMatchObject({
      code: 'Unauthenticated',
      reason: 'UNAUTHORIZED',
    });
    await wrong.close();
  });
});
