import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { busyboxLayout, startRegistry, type BusyboxLayout, type RunningRegistry } from '@berth/fixtures';
import { digestOf, MediaTypes } from '@berth/oci';
import { RegistryClient } from '../src';
import { useTempDirs } from './helpers';

const ARTIFACT_TYPE = 'application/vnd.berth.test.signature';

async function putBlob(dir: string, bytes: Buffer): Promise<{ digest: string; size: number }> {
  const digest = digestOf(bytes);
  await writeFile(join(dir, 'blobs', 'sha256', digest.slice('sha256:'.length)), bytes);
  return { digest, size: bytes.byteLength };
}

describe('referrers', () => {
  let registry: RunningRegistry;
  let busybox: BusyboxLayout;
  const tempDir = useTempDirs();

  beforeAll(async () => {
    busybox = await busyboxLayout();
    registry = await startRegistry();
  });
  afterAll(async () => {
    await registry?.stop();
  });

  it('falls back to the referrers tag schema on a registry without the referrers API', async () => {
    const client = new RegistryClient({ dockerConfig: false });
    try {
      const repo = `${registry.host}/referrers/busybox`;
      const subject = await client.push(busybox.dir, `${repo}:1`);
      expect(await client.referrers(`${repo}:1`)).toEqual([]);

      // An artifact about the image, and the index the tag schema keeps under sha256-<hex>.
      const dir = await tempDir();
      await mkdir(join(dir, 'blobs', 'sha256'), { recursive: true });
      const empty = { mediaType: MediaTypes.OciEmpty, ...(await putBlob(dir, Buffer.from('{}'))) };
      const artifactBytes = Buffer.from(
        JSON.stringify({
          schemaVersion: 2,
          mediaType: MediaTypes.OciManifest,
          artifactType: ARTIFACT_TYPE,
          config: empty,
          layers: [empty],
          subject: { mediaType: subject.mediaType, digest: subject.digest, size: subject.size },
        }),
      );
      const artifact = await putBlob(dir, artifactBytes);
      const entry = { mediaType: MediaTypes.OciManifest, ...artifact, artifactType: ARTIFACT_TYPE };
      const index = await putBlob(
        dir,
        Buffer.from(JSON.stringify({ schemaVersion: 2, mediaType: MediaTypes.OciIndex, manifests: [entry] })),
      );
      await writeFile(join(dir, 'oci-layout'), JSON.stringify({ imageLayoutVersion: '1.0.0' }));
      await writeFile(
        join(dir, 'index.json'),
        JSON.stringify({ schemaVersion: 2, manifests: [{ mediaType: MediaTypes.OciIndex, ...index }] }),
      );
      await client.push(dir, `${repo}:sha256-${subject.digest.slice('sha256:'.length)}`);

      expect(await client.referrers(`${repo}:1`)).toEqual([entry]);
      expect(await client.referrers(`${repo}@${subject.digest}`, ARTIFACT_TYPE)).toEqual([entry]);
      expect(await client.referrers(`${repo}:1`, 'application/other')).toEqual([]);
    } finally {
      await client.close();
    }
  });
});
