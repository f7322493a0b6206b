import { copyFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { busyboxLayout, startRegistry, type BusyboxLayout, type RunningRegistry } from '@berth/fixtures';
import { RegistryClient } from '../src';
import { useTempDirs } from './helpers';
import { startMtlsProxy, type MtlsProxy } from './mtls-proxy';

describe('registry requiring a client certificate', () => {
  let registry: RunningRegistry;
  let proxy: MtlsProxy;
  let busybox: BusyboxLayout;
  const tempDir = useTempDirs();

  beforeAll(async () => {
    busybox = await busyboxLayout();
    registry = await startRegistry();
  });
  afterAll(async () => {
    await registry?.stop();
  });
  afterEach(async () => {
    await proxy?.stop();
  });

  it('presents the client certificate from certs.d (x.cert + x.key) and trusts its ca.crt', async () => {
    proxy = await startMtlsProxy(registry.host, await tempDir());
    const certsDir = await tempDir();
    const hostDir = join(certsDir, proxy.host);
    await mkdir(hostDir);
    await copyFile(proxy.caPath, join(hostDir, 'ca.crt'));
    await copyFile(proxy.clientCertPath, join(hostDir, 'client.cert'));
    await copyFile(proxy.clientKeyPath, join(hostDir, 'client.key'));
    const client = new RegistryClient({
      dockerConfig: false,
      certsDirs: [certsDir],
      hosts: { [proxy.host]: { insecure: false } },
    });
    try {
      const pushed = await client.push(busybox.dir, `${proxy.host}/mtls/busybox:1`);
      expect(pushed.digest).toBe(busybox.manifestDigest);
      expect(new Set(proxy.clients)).toEqual(new Set(['berth-test-client']));
    } finally {
      await client.close();
    }
  });

  it('fails the handshake without a client certificate', async () => {
    proxy = await startMtlsProxy(registry.host, await tempDir());
    const certsDir = await tempDir();
    await mkdir(join(certsDir, proxy.host));
    await copyFile(proxy.caPath, join(certsDir, proxy.host, 'ca.crt'));
    const client = new RegistryClient({
      dockerConfig: false,
      certsDirs: [certsDir],
      hosts: { [proxy.host]: { insecure: false } },
      retry: { retries: 0 },
    });
    try {
      await expect(client.digest(`${proxy.host}/mtls/busybox:1`)).rejects.toMatchObject({
        code: 'Unavailable',
      });
      expect(proxy.clients).toEqual([]);
    } finally {
      await client.close();
    }
  });
});
