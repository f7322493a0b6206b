import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { busyboxLayout, startRegistry, type BusyboxLayout, type RunningRegistry } from '@berth/fixtures';
import { MediaTypes } from '@berth/oci';
import { RegistryClient } from '../src';
import { startFaultyProxy, type FaultyProxy } from './faulty-proxy';
import { readBlob, useTempDirs } from './helpers';

describe('registries that misbehave', () => {
  let registry: RunningRegistry;
  let busybox: BusyboxLayout;
  let proxy: FaultyProxy | undefined;
  const tempDir = useTempDirs();
  const clients: RegistryClient[] = [];
  const newClient = (options: ConstructorParameters<typeof RegistryClient>[0] = {}): RegistryClient => {
    const client = new RegistryClient({ dockerConfig: false, retry: { baseDelayMs: 1 }, ...options });
    clients.push(client);
    return client;
  };

  beforeAll(async () => {
    busybox = await busyboxLayout();
    registry = await startRegistry();
    const client = new RegistryClient({ dockerConfig: false });
    await client.push(busybox.dir, `${registry.host}/faults/busybox:1`);
    await client.close();
  });
  afterAll(async () => {
    await registry?.stop();
  });
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((client) => client.close()));
    await proxy?.stop();
    proxy = undefined;
  });

  it('resumes a download cut mid-blob with a Range request', async () => {
    proxy = await startFaultyProxy(registry.host, {
      pathSuffix: `/blobs/${busybox.layerDigest}`,
      cutAfter: { bytes: 100_000, times: 2 },
    });
    const dir = await tempDir();
    await newClient().pull(`${proxy.host}/faults/busybox:1`, dir);
    expect(
      (await readBlob(dir, busybox.layerDigest)).equals(await readBlob(busybox.dir, busybox.layerDigest)),
    ).toBe(true);
    expect(proxy.ranges[0]).toBeUndefined();
    expect(proxy.ranges[1]).toMatch(/^bytes=\d+-$/);
    expect(proxy.ranges).toHaveLength(3);
  });

  it('rejects a tampered blob with a digest error and keeps nothing of it', async () => {
    proxy = await startFaultyProxy(registry.host, {
      pathSuffix: `/blobs/${busybox.layerDigest}`,
      flipByteAt: 5000,
    });
    const dir = await tempDir();
    await expect(newClient().pull(`${proxy.host}/faults/busybox:1`, dir)).rejects.toMatchObject({
      code: 'DataLoss',
      reason: 'DIGEST_MISMATCH',
    });
    const files = await readdir(join(dir, 'blobs', 'sha256'));
    expect(files).not.toContain(busybox.layerDigest.slice('sha256:'.length));
    expect(files.filter((name) => name.includes('.partial') || name.includes('.tmp'))).toEqual([]);
    await expect(stat(join(dir, 'index.json'))).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('refuses a Docker schema 1 manifest', async () => {
    proxy = await startFaultyProxy(registry.host, {
      pathSuffix: '/manifests/1',
      contentType: MediaTypes.DockerSchema1SignedManifest,
    });
    await expect(newClient().manifest(`${proxy.host}/faults/busybox:1`)).rejects.toMatchObject({
      reason: 'UNSUPPORTED_MANIFEST',
      message: expect.stringMatching(/schema 1/),
    });
  });

  it('downloads a large blob as parallel ranges and verifies it', async () => {
    proxy = await startFaultyProxy(registry.host, { pathSuffix: `/blobs/${busybox.layerDigest}` });
    const dir = await tempDir();
    await newClient({ rangedFetchThreshold: 1024, rangedFetchParts: 3 }).pull(
      `${proxy.host}/faults/busybox:1`,
      dir,
    );
    expect(
      (await readBlob(dir, busybox.layerDigest)).equals(await readBlob(busybox.dir, busybox.layerDigest)),
    ).toBe(true);
    // The 1-byte probe, then one request per part.
    expect(proxy.ranges).toHaveLength(4);
    expect(proxy.ranges.every((range) => /^bytes=\d+-\d+$/.test(range ?? ''))).toBe(true);
  });

  it.each([503, 429])('retries a %d and then succeeds', async (status) => {
    proxy = await startFaultyProxy(registry.host, {
      pathSuffix: '/manifests/1',
      failWith: { status, times: 2 },
    });
    const manifest = await newClient().manifest(`${proxy.host}/faults/busybox:1`);
    expect(manifest.digest).toBe(busybox.manifestDigest);
    expect(proxy.ranges).toHaveLength(3);
  });

  it('never retries a 4xx', async () => {
    proxy = await startFaultyProxy(registry.host, {
      pathSuffix: '/manifests/1',
      failWith: { status: 404, times: 1 },
    });
    await expect(newClient().manifest(`${proxy.host}/faults/busybox:1`)).rejects.toMatchObject({
      code: 'NotFound',
    });
    expect(proxy.ranges).toHaveLength(1);
  });

  it('pulls through a mirror', async () => {
    proxy = await startFaultyProxy(registry.host, { pathSuffix: `/blobs/${busybox.layerDigest}` });
    // The registry named in the reference is not even running: everything comes from the mirror.
    const client = newClient({ hosts: { '127.0.0.1:1': { mirrors: [`http://${proxy.host}`] } } });
    const pulled = await client.pull('127.0.0.1:1/faults/busybox:1', await tempDir());
    expect(pulled.digest).toBe(busybox.manifestDigest);
    expect(proxy.ranges).toHaveLength(1);
  });

  it('falls back from a dead mirror to the registry', async () => {
    const client = newClient({ hosts: { [registry.host]: { mirrors: ['127.0.0.1:1'] } } });
    const dir = await tempDir();
    const pulled = await client.pull(`${registry.host}/faults/busybox:1`, dir);
    expect(pulled.digest).toBe(busybox.manifestDigest);
    // The dead mirror is skipped from then on rather than tried before every request.
    const [mirror] = (await client.host(registry.host)).endpoints;
    expect(mirror?.spec.mirror).toBe(true);
    expect(mirror?.usable()).toBe(false);
  });
});
