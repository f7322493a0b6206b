import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { digestOf, MediaTypes } from '@berth/oci';
import { ImageLayoutDir, REF_NAME_ANNOTATION } from './image-layout';

describe('ImageLayoutDir', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'berth-layout-test-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('creates a layout, stores verified blobs and names images in index.json', async () => {
    const layout = new ImageLayoutDir(dir);
    await layout.create();
    expect(JSON.parse(await readFile(join(dir, 'oci-layout'), 'utf8'))).toEqual({
      imageLayoutVersion: '1.0.0',
    });
    const bytes = Buffer.from('{"a":1}');
    const digest = digestOf(bytes);
    await layout.writeBlob(digest, bytes);
    expect(await layout.hasBlob({ digest, size: bytes.byteLength })).toBe(true);
    expect(await layout.hasBlob({ digest, size: 1 })).toBe(false);
    const descriptor = { mediaType: MediaTypes.OciManifest, digest, size: bytes.byteLength };
    await layout.tag(descriptor, 'v1');
    await layout.tag(descriptor, 'v2');
    await layout.tag({ ...descriptor, size: bytes.byteLength }, 'v1');
    const index = await layout.readIndex();
    expect(index.manifests.map((m) => m.annotations?.[REF_NAME_ANNOTATION])).toEqual(['v2', 'v1']);
    expect((await layout.find('v2')).digest).toBe(digest);
    // Two names of one manifest are still one image.
    expect((await layout.find(undefined)).digest).toBe(digest);
  });

  it('refuses content that does not match its digest and names what is missing', async () => {
    const layout = new ImageLayoutDir(dir);
    await layout.create();
    const wrong = digestOf('other');
    await expect(layout.writeBlob(wrong, Buffer.from('content'))).rejects.toMatchObject({
      reason: 'DIGEST_MISMATCH',
    });
    await expect(layout.readBlob(wrong, 1024)).rejects.toMatchObject({ reason: 'BLOB_MISSING' });
    await expect(layout.find('nope')).rejects.toMatchObject({ reason: 'IMAGE_NOT_IN_LAYOUT' });
  });

  it('asks for a name when the layout holds several images', async () => {
    const layout = new ImageLayoutDir(dir);
    await layout.create();
    for (const name of ['a', 'b']) {
      const bytes = Buffer.from(name);
      await layout.tag({ mediaType: MediaTypes.OciManifest, digest: digestOf(bytes), size: 1 }, name);
    }
    await expect(layout.find(undefined)).rejects.toMatchObject({
      reason: 'IMAGE_AMBIGUOUS',
      message: expect.stringContaining('a, b'),
    });
  });

  it('refuses a directory that is not an OCI layout', async () => {
    await expect(new ImageLayoutDir(dir).find(undefined)).rejects.toMatchObject({
      code: 'FailedPrecondition',
      reason: 'LAYOUT_INVALID',
    });
  });
});
