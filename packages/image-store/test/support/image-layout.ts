import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface LayerBlob {
  blob: Buffer;
  mediaType: string;
  /** sha256 of the uncompressed tar. */
  diffId: string;
  /** Where a foreign (non-distributable) layer is served. */
  urls?: string[];
}

function digest(data: Buffer): string {
  return `sha256:${createHash('sha256').update(data).digest('hex')}`;
}

/** Writes an OCI image layout holding one image of the given layers, named `refName`. */
export function writeImageLayout(
  dir: string,
  layers: readonly LayerBlob[],
  refName: string,
): { manifestDigest: string } {
  mkdirSync(join(dir, 'blobs/sha256'), { recursive: true });
  const put = (data: Buffer) => {
    const d = digest(data);
    writeFileSync(join(dir, 'blobs/sha256', d.slice('sha256:'.length)), data);
    return { digest: d, size: data.length };
  };
  const config = Buffer.from(
    JSON.stringify({
      created: '2024-05-06T07:08:09Z',
      architecture: process.arch === 'x64' ? 'amd64' : process.arch,
      os: 'linux',
      config: { Env: ['PATH=/bin'] },
      rootfs: { type: 'layers', diff_ids: layers.map((layer) => layer.diffId) },
      history: layers.map((_, index) => ({ created: '2024-05-06T07:08:09Z', created_by: `layer ${index}` })),
    }),
  );
  const manifest = Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: 'application/vnd.oci.image.manifest.v1+json',
      config: { mediaType: 'application/vnd.oci.image.config.v1+json', ...put(config) },
      layers: layers.map((layer) => ({
        mediaType: layer.mediaType,
        ...put(layer.blob),
        ...(layer.urls ? { urls: layer.urls } : {}),
      })),
    }),
  );
  const manifestBlob = put(manifest);
  writeFileSync(join(dir, 'oci-layout'), JSON.stringify({ imageLayoutVersion: '1.0.0' }));
  writeFileSync(
    join(dir, 'index.json'),
    JSON.stringify({
      schemaVersion: 2,
      manifests: [
        {
          mediaType: 'application/vnd.oci.image.manifest.v1+json',
          ...manifestBlob,
          annotations: { 'org.opencontainers.image.ref.name': refName },
        },
      ],
    }),
  );
  return { manifestDigest: manifestBlob.digest };
}

export { digest as sha256Digest };
