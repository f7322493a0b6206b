import { busyboxLayout, startRegistry, type BusyboxLayout, type RunningRegistry } from '@berth/fixtures';
import { MediaTypes } from '@berth/oci';
import { ImageLayoutDir, PlatformNotFoundError, RegistryClient } from '../src';
import { useTempDirs } from './helpers';
import { buildMultiPlatformLayout, type MultiPlatformLayout } from './multi-platform';

describe('multi-platform images', () => {
  let registry: RunningRegistry;
  let busybox: BusyboxLayout;
  let image: MultiPlatformLayout;
  let client: RegistryClient;
  const tempDir = useTempDirs();

  beforeAll(async () => {
    busybox = await busyboxLayout();
    registry = await startRegistry();
  });
  afterAll(async () => {
    await registry?.stop();
  });
  beforeEach(async () => {
    image = await buildMultiPlatformLayout(busybox, await tempDir());
    client = new RegistryClient({ dockerConfig: false });
    const pushed = await client.push(image.dir, `${registry.host}/multi/busybox:1`);
    expect(pushed.digest).toBe(image.indexDigest);
  });
  afterEach(async () => {
    await client.close();
  });

  it.each(['linux/amd64', 'linux/arm64/v8'])('pulls the %s manifest from the index', async (platform) => {
    const dir = await tempDir();
    const pulled = await client.pull(`${registry.host}/multi/busybox:1`, dir, { platform });
    expect(pulled.rootDigest).toBe(image.indexDigest);
    expect(pulled.digest).toBe(image.manifests[platform]);
  });

  it('treats linux/arm64 as arm64/v8', async () => {
    const resolved = await client.resolve(`${registry.host}/multi/busybox:1`, 'linux/arm64');
    expect(resolved.manifest.digest).toBe(image.manifests['linux/arm64/v8']);
  });

  it('names the available platforms when the wanted one is absent', async () => {
    const failure = client.pull(`${registry.host}/multi/busybox:1`, await tempDir(), {
      platform: 'linux/s390x',
    });
    await expect(failure).rejects.toBeInstanceOf(PlatformNotFoundError);
    await expect(failure).rejects.toMatchObject({
      code: 'NotFound',
      reason: 'PLATFORM_NOT_FOUND',
      message: 'no image for platform linux/s390x; available: linux/amd64, linux/arm64/v8',
    });
  });

  it('pulls every platform of the index into one layout', async () => {
    const dir = await tempDir();
    const pulled = await client.pull(`${registry.host}/multi/busybox:1`, dir, { allPlatforms: true });
    expect(pulled.digest).toBe(image.indexDigest);
    const layout = new ImageLayoutDir(dir);
    expect(await layout.find('1')).toMatchObject({
      digest: image.indexDigest,
      mediaType: MediaTypes.OciIndex,
    });
    for (const digest of [image.indexDigest, ...Object.values(image.manifests)]) {
      expect((await layout.readBlob(digest, 1024 * 1024)).byteLength).toBeGreaterThan(0);
    }
    const pushed = await client.push(dir, `${registry.host}/multi/from-layout:1`);
    expect(pushed.digest).toBe(image.indexDigest);
  });

  it('copies the whole index to another repository', async () => {
    const copied = await client.copy(`${registry.host}/multi/busybox:1`, `${registry.host}/multi/copy:1`);
    expect(copied.digest).toBe(image.indexDigest);
    const resolved = await client.resolve(`${registry.host}/multi/copy:1`, 'linux/arm64/v8');
    expect(resolved.manifest.digest).toBe(image.manifests['linux/arm64/v8']);
  });
});
