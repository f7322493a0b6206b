// A minimal OCI image layout (oci-layout, index.json, blobs/sha256) that the directory backend
// keeps its images in: readable by skopeo (`oci:<dir>:<tag>`), umoci and oci-image-tool.

import { copyFile, mkdir, readFile, rename, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { createHash, randomUUID } from 'node:crypto';
import { writeFileAtomic, writeJsonAtomic, NotFoundError } from '@berth/kit';
import {
  parseImageConfig,
  type Descriptor,
  type ImageConfig,
  type ImageIndex,
  type ImageManifest,
} from '@berth/oci';

const REF_NAME = 'org.opencontainers.image.ref.name';
export const MANIFEST_TYPE = 'application/vnd.oci.image.manifest.v1+json';
export const CONFIG_TYPE = 'application/vnd.oci.image.config.v1+json';

export interface LayoutImage {
  manifestDigest: string;
  manifest: ImageManifest;
  config: ImageConfig;
}

export class OciLayoutStore {
  constructor(readonly dir: string) {}

  blobPath(digest: string): string {
    const [algorithm, hex] = digest.split(':');
    return join(this.dir, 'blobs', algorithm, hex);
  }

  async init(): Promise<void> {
    await mkdir(join(this.dir, 'blobs', 'sha256'), { recursive: true });
    try {
      await stat(join(this.dir, 'index.json'));
    } catch {
      await writeJsonAtomic(join(this.dir, 'oci-layout'), { imageLayoutVersion: '1.0.0' });
      await writeJsonAtomic(join(this.dir, 'index.json'), { schemaVersion: 2, manifests: [] });
    }
  }

  async hasBlob(digest: string): Promise<boolean> {
    return stat(this.blobPath(digest)).then(
      () => true,
      () => false,
    );
  }

  /** Adds a blob from a file (copied, so the caller keeps its file). */
  async putBlobFile(digest: string, file: string): Promise<void> {
    if (await this.hasBlob(digest)) return;
    const temp = `${this.blobPath(digest)}.${randomUUID()}.tmp`;
    await copyFile(file, temp);
    await rename(temp, this.blobPath(digest));
  }

  async putBlob(content: Buffer): Promise<Descriptor> {
    const digest = `sha256:${createHash('sha256').update(content).digest('hex')}`;
    if (!(await this.hasBlob(digest))) await writeFileAtomic(this.blobPath(digest), content);
    return { mediaType: '', digest, size: content.length };
  }

  async index(): Promise<ImageIndex> {
    return JSON.parse(await readFile(join(this.dir, 'index.json'), 'utf8')) as ImageIndex;
  }

  /** The image listed under `refName` in index.json. */
  async image(refName: string): Promise<LayoutImage> {
    const index = await this.index();
    const descriptor = index.manifests.find((entry) => entry.annotations?.[REF_NAME] === refName);
    if (descriptor === undefined)
      throw new NotFoundError(`image ${refName} not found in ${this.dir}`, { reason: 'IMAGE_NOT_FOUND' });
    const manifest = JSON.parse(await readFile(this.blobPath(descriptor.digest), 'utf8')) as ImageManifest;
    const config = parseImageConfig(
      JSON.parse(await readFile(this.blobPath(manifest.config.digest), 'utf8')),
    );
    return { manifestDigest: descriptor.digest, manifest, config };
  }

  /** Points each ref name at the manifest (replacing what they named before). */
  async tag(manifest: Descriptor, refNames: readonly string[]): Promise<void> {
    const index = await this.index();
    const names = new Set(refNames);
    const manifests = index.manifests.filter((entry) => !names.has(entry.annotations?.[REF_NAME] ?? ''));
    for (const name of refNames) manifests.push({ ...manifest, annotations: { [REF_NAME]: name } });
    await writeJsonAtomic(join(this.dir, 'index.json'), { ...index, manifests });
  }
}
