import { copyFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { digestOf, MediaTypes, type Platform } from '@berth/oci';
import type { BusyboxLayout } from '@berth/fixtures';

export interface MultiPlatformLayout {
  readonly dir: string;
  readonly indexDigest: string;
  /** Manifest digest by `os/arch[/variant]`. */
  readonly manifests: Record<string, string>;
}

const PLATFORMS: Platform[] = [
  { os: 'linux', architecture: 'amd64' },
  { os: 'linux', architecture: 'arm64', variant: 'v8' },
];

async function putBlob(dir: string, bytes: Buffer): Promise<string> {
  const digest = digestOf(bytes);
  await writeFile(join(dir, 'blobs', 'sha256', digest.slice('sha256:'.length)), bytes);
  return digest;
}

/**
 * An OCI layout holding an image index for linux/amd64 and linux/arm64/v8, made from the busybox
 * fixture by rewriting its config's platform (the layer is shared; registries never look inside).
 */
export async function buildMultiPlatformLayout(
  busybox: BusyboxLayout,
  dir: string,
): Promise<MultiPlatformLayout> {
  await mkdir(join(dir, 'blobs', 'sha256'), { recursive: true });
  const hex = (digest: string): string => digest.slice('sha256:'.length);
  const layer = join(busybox.dir, 'blobs', 'sha256', hex(busybox.layerDigest));
  await copyFile(layer, join(dir, 'blobs', 'sha256', hex(busybox.layerDigest)));
  const baseManifest = JSON.parse(
    await readFile(join(busybox.dir, 'blobs', 'sha256', hex(busybox.manifestDigest)), 'utf8'),
  );
  const baseConfig = JSON.parse(
    await readFile(join(busybox.dir, 'blobs', 'sha256', hex(busybox.configDigest)), 'utf8'),
  );
  const manifests: Record<string, string> = {};
  const entries = [];
  for (const platform of PLATFORMS) {
    const config = Buffer.from(
      JSON.stringify({
        ...baseConfig,
        architecture: platform.architecture,
        os: platform.os,
        ...(platform.variant ? { variant: platform.variant } : {}),
      }),
    );
    const configDigest = await putBlob(dir, config);
    const manifest = Buffer.from(
      JSON.stringify({
        ...baseManifest,
        config: { ...baseManifest.config, digest: configDigest, size: config.byteLength },
      }),
    );
    const manifestDigest = await putBlob(dir, manifest);
    const name = [platform.os, platform.architecture, platform.variant].filter(Boolean).join('/');
    manifests[name] = manifestDigest;
    entries.push({
      mediaType: MediaTypes.OciManifest,
      digest: manifestDigest,
      size: manifest.byteLength,
      platform,
    });
  }
  const index = Buffer.from(
    JSON.stringify({ schemaVersion: 2, mediaType: MediaTypes.OciIndex, manifests: entries }),
  );
  const indexDigest = await putBlob(dir, index);
  await writeFile(join(dir, 'oci-layout'), JSON.stringify({ imageLayoutVersion: '1.0.0' }));
  await writeFile(
    join(dir, 'index.json'),
    JSON.stringify({
      schemaVersion: 2,
      mediaType: MediaTypes.OciIndex,
      manifests: [
        {
          mediaType: MediaTypes.OciIndex,
          digest: indexDigest,
          size: index.byteLength,
          annotations: { 'org.opencontainers.image.ref.name': 'multi' },
        },
      ],
    }),
  );
  return { dir, indexDigest, manifests };
}
