import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { access, mkdir, open, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

import { InvalidArgumentError } from '@berth/kit';
import { layoutBlobPath, MediaTypes, parseImageConfig, type Descriptor } from '@berth/oci';

import { entryPathComponents } from '../unpack/entry-path';
import { canonicalImageName } from '../images/image-name';
import { IMAGE_NAME_ANNOTATION } from './export-archive';

interface DockerManifestEntry {
  Config: string;
  RepoTags?: string[] | null;
  Layers: string[];
}

/**
 * Turns an unpacked `docker save` tarball (manifest.json, `<id>.json` configs, `<id>/layer.tar`
 * layers) into an OCI image layout in the same directory, so one import path serves both
 * formats. Each RepoTag becomes an index entry named by `io.containerd.image.name`.
 */
export async function convertDockerArchive(dir: string): Promise<void> {
  let entries: DockerManifestEntry[];
  try {
    entries = JSON.parse(await readFile(join(dir, 'manifest.json'), 'utf8')) as DockerManifestEntry[];
    if (!Array.isArray(entries)) throw new Error('not a list');
  } catch (error) {
    throw new InvalidArgumentError(
      `docker archive: manifest.json is unreadable: ${(error as Error).message}`,
      {
        reason: 'INVALID_ARCHIVE',
      },
    );
  }
  const index: Descriptor[] = [];
  for (const [position, entry] of entries.entries()) {
    if (typeof entry?.Config !== 'string' || !Array.isArray(entry.Layers)) {
      throw new InvalidArgumentError(`docker archive: manifest.json[${position}] needs Config and Layers`, {
        reason: 'INVALID_ARCHIVE',
      });
    }
    const configPath = archivePath(dir, entry.Config);
    const configBytes = await readFile(configPath);
    parseImageConfig(JSON.parse(configBytes.toString('utf8')));
    const config = await storeFile(dir, configPath, MediaTypes.OciConfig);
    const layers: Descriptor[] = [];
    for (const layer of entry.Layers) {
      const path = archivePath(dir, layer);
      layers.push(await storeFile(dir, path, await layerMediaType(path)));
    }
    const manifest = Buffer.from(
      JSON.stringify({ schemaVersion: 2, mediaType: MediaTypes.OciManifest, config, layers }),
    );
    const manifestDescriptor = await storeBytes(dir, manifest, MediaTypes.OciManifest);
    for (const tag of entry.RepoTags ?? []) {
      index.push({
        ...manifestDescriptor,
        annotations: { [IMAGE_NAME_ANNOTATION]: canonicalImageName(tag).name },
      });
    }
    if ((entry.RepoTags ?? []).length === 0) index.push(manifestDescriptor);
  }
  await writeFile(join(dir, 'oci-layout'), JSON.stringify({ imageLayoutVersion: '1.0.0' }));
  await writeFile(join(dir, 'index.json'), JSON.stringify({ schemaVersion: 2, manifests: index }));
}

function archivePath(dir: string, name: string): string {
  return join(dir, ...entryPathComponents(name, 'manifest.json path'));
}

/** Layers in docker archives are plain tars, or compressed as pulled: told apart by magic bytes. */
async function layerMediaType(path: string): Promise<string> {
  const handle = await open(path, 'r');
  try {
    const head = Buffer.alloc(4);
    await handle.read(head, 0, 4, 0);
    if (head[0] === 0x1f && head[1] === 0x8b) return MediaTypes.OciLayerGzip;
    if (head.equals(Buffer.from([0x28, 0xb5, 0x2f, 0xfd]))) return MediaTypes.OciLayerZstd;
    return MediaTypes.OciLayer;
  } finally {
    await handle.close();
  }
}

async function storeFile(dir: string, path: string, mediaType: string): Promise<Descriptor> {
  const hash = createHash('sha256');
  let size = 0;
  for await (const chunk of createReadStream(path)) {
    hash.update(chunk as Buffer);
    size += (chunk as Buffer).length;
  }
  const digest = `sha256:${hash.digest('hex')}`;
  const target = join(dir, layoutBlobPath(digest));
  await mkdir(join(dir, 'blobs', 'sha256'), { recursive: true });
  // A layer shared by two images of the archive is moved the first time and found the second.
  if (target !== path && !(await exists(target))) await rename(path, target);
  return { mediaType, digest, size };
}

async function storeBytes(dir: string, data: Buffer, mediaType: string): Promise<Descriptor> {
  const digest = `sha256:${createHash('sha256').update(data).digest('hex')}`;
  await mkdir(join(dir, 'blobs', 'sha256'), { recursive: true });
  await writeFile(join(dir, layoutBlobPath(digest)), data);
  return { mediaType, digest, size: data.length };
}

async function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  );
}
