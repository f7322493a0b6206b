import { mkdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import {
  digestOf,
  DigestMismatchError,
  IMAGE_LAYOUT_FILE,
  IMAGE_LAYOUT_INDEX_FILE,
  IMAGE_LAYOUT_VERSION,
  layoutBlobPath,
  MediaTypes,
  parseDigest,
  parseImageLayout,
  parseIndex,
  type Descriptor,
  type ImageIndex,
} from '@berth/oci';
import { LayoutError } from '../errors';
import { writeFileAtomic } from './atomic-file';

/** The annotation naming an image in a layout's index.json (`oci:DIR:NAME` in skopeo). */
export const REF_NAME_ANNOTATION = 'org.opencontainers.image.ref.name';

/** An OCI image layout directory (image-layout.md): `oci-layout`, `index.json`, `blobs/<alg>/<hex>`. */
export class ImageLayoutDir {
  constructor(readonly dir: string) {}

  blobPath(digest: string): string {
    return join(this.dir, layoutBlobPath(digest));
  }

  /** Creates the directory structure and `oci-layout` (keeping an existing valid layout as it is). */
  async create(): Promise<void> {
    await (
      await this.prepare()
    )?.();
  }

  /**
   * Creates the blob directory and checks an existing `oci-layout`; for a new layout, returns
   * what writes the marker (fsynced), so a pull can do that while its blobs download.
   */
  async prepare(): Promise<(() => Promise<void>) | undefined> {
    await mkdir(join(this.dir, 'blobs', 'sha256'), { recursive: true });
    const marker = join(this.dir, IMAGE_LAYOUT_FILE);
    if (await this.exists(marker)) {
      await this.checkMarker();
      return undefined;
    }
    return () => writeFileAtomic(marker, JSON.stringify({ imageLayoutVersion: IMAGE_LAYOUT_VERSION }));
  }

  /** Whether the layout holds this blob with the expected size. */
  async hasBlob(descriptor: { digest: string; size: number }): Promise<boolean> {
    try {
      return (await stat(this.blobPath(descriptor.digest))).size === descriptor.size;
    } catch {
      return false;
    }
  }

  /** Stores small content (manifests, configs) after checking it hashes to `digest`. */
  async writeBlob(digest: string, bytes: Buffer): Promise<void> {
    const actual = digestOf(bytes, parseDigest(digest).algorithm);
    if (actual !== digest) throw new DigestMismatchError(digest, actual);
    const path = this.blobPath(digest);
    await mkdir(join(path, '..'), { recursive: true });
    await writeFileAtomic(path, bytes);
  }

  async readBlob(digest: string, maxBytes: number): Promise<Buffer> {
    const path = this.blobPath(digest);
    let bytes: Buffer;
    try {
      const size = (await stat(path)).size;
      if (size > maxBytes)
        throw new LayoutError(`${path}: ${size} bytes is too big for a manifest or config`);
      bytes = await readFile(path);
    } catch (error) {
      if (error instanceof LayoutError) throw error;
      throw new LayoutError(`blob ${digest} missing from layout ${this.dir}`, 'BLOB_MISSING');
    }
    const actual = digestOf(bytes, parseDigest(digest).algorithm);
    if (actual !== digest) throw new DigestMismatchError(digest, actual);
    return bytes;
  }

  async readIndex(): Promise<ImageIndex> {
    const path = join(this.dir, IMAGE_LAYOUT_INDEX_FILE);
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch {
      return { schemaVersion: 2, mediaType: MediaTypes.OciIndex, manifests: [] };
    }
    try {
      return parseIndex(JSON.parse(text));
    } catch (error) {
      throw new LayoutError(`${path}: ${(error as Error).message}`);
    }
  }

  /** Adds a manifest to index.json under `name`, replacing whatever had that name. */
  async tag(descriptor: Descriptor, name: string | undefined): Promise<void> {
    const index = await this.readIndex();
    const entry: Descriptor = {
      mediaType: descriptor.mediaType,
      digest: descriptor.digest,
      size: descriptor.size,
      ...(descriptor.platform ? { platform: descriptor.platform } : {}),
      ...(name === undefined ? {} : { annotations: { [REF_NAME_ANNOTATION]: name } }),
    };
    // An entry is replaced by one of the same name; unnamed entries only by the same manifest.
    const replaced = (m: Descriptor): boolean => {
      const existing = m.annotations?.[REF_NAME_ANNOTATION];
      return name === undefined
        ? existing === undefined && m.digest === descriptor.digest
        : existing === name;
    };
    const others = index.manifests.filter((m) => !replaced(m));
    const next: ImageIndex = {
      schemaVersion: 2,
      mediaType: MediaTypes.OciIndex,
      manifests: [...others, entry],
    };
    await writeFileAtomic(join(this.dir, IMAGE_LAYOUT_INDEX_FILE), `${JSON.stringify(next)}\n`);
  }

  /** The index entry named `name`, or the only entry when no name is given. */
  async find(name: string | undefined): Promise<Descriptor> {
    await this.checkMarker();
    const { manifests } = await this.readIndex();
    if (name === undefined) {
      if (manifests.length === 1) return manifests[0] as Descriptor;
      const names = manifests.map((m) => m.annotations?.[REF_NAME_ANNOTATION]).filter((n) => n !== undefined);
      const distinct = new Set(manifests.map((m) => m.digest));
      if (distinct.size === 1 && manifests.length > 0) return manifests[0] as Descriptor;
      throw new LayoutError(
        `layout ${this.dir} holds ${manifests.length} images; name one of: ${names.join(', ') || '(none named)'}`,
        'IMAGE_AMBIGUOUS',
      );
    }
    const found = manifests.find((m) => m.annotations?.[REF_NAME_ANNOTATION] === name);
    if (found === undefined)
      throw new LayoutError(
        `layout ${this.dir} has no image named ${JSON.stringify(name)}`,
        'IMAGE_NOT_IN_LAYOUT',
      );
    return found;
  }

  private async checkMarker(): Promise<void> {
    const path = join(this.dir, IMAGE_LAYOUT_FILE);
    try {
      parseImageLayout(JSON.parse(await readFile(path, 'utf8')));
    } catch (error) {
      throw new LayoutError(`${path}: not an OCI image layout (${(error as Error).message})`);
    }
  }

  private async exists(path: string): Promise<boolean> {
    try {
      await stat(path);
      return true;
    } catch {
      return false;
    }
  }
}
