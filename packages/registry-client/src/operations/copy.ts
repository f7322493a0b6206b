import { verifyStream, type Descriptor, type Platform } from '@berth/oci';
import type { Readable } from 'node:stream';
import { requestBlob } from '../blobs/blob-request';
import { fetchManifest } from '../registry/manifests';
import type { RegistryHost } from '../registry/registry-host';
import { resolveImage } from '../registry/resolve-image';
import { pushImage, type ImageSource, type PushOptions, type PushResult } from './push';
import type { TransferSettings } from './transfer-settings';

export interface CopyOptions extends PushOptions {
  /** Copy only this platform's manifest; default: everything the reference names (all platforms). */
  readonly platform?: string | Platform;
}

export interface RemoteRepository {
  readonly host: RegistryHost;
  readonly repository: string;
}

function remoteSource(source: RemoteRepository, sameRegistry: boolean): ImageSource {
  return {
    manifestBytes: async (descriptor) =>
      (await fetchManifest(source.host, source.repository, descriptor.digest)).bytes,
    blob: async (descriptor) => ({
      digest: descriptor.digest,
      size: descriptor.size,
      // Streamed straight from one registry to the other, verified on the way through.
      open: async (): Promise<Readable> => {
        const response = await requestBlob(source.host, source.repository, descriptor);
        const verifier = verifyStream(descriptor);
        response.body.on('error', (error) => verifier.destroy(error));
        return response.body.pipe(verifier);
      },
    }),
    ...(sameRegistry ? { mountFrom: source.repository } : {}),
  };
}

/**
 * Copies an image between repositories: blobs go registry to registry as streams, or as
 * cross-repository mounts when both repositories live on the same registry.
 */
export async function copyImage(
  from: RemoteRepository,
  reference: string,
  to: RemoteRepository,
  tag: string | undefined,
  settings: TransferSettings,
  options: CopyOptions = {},
): Promise<PushResult> {
  const sameRegistry = from.host.domain === to.host.domain;
  const source = remoteSource(from, sameRegistry);
  let root: Descriptor;
  if (options.platform !== undefined) {
    const resolved = await resolveImage(from.host, from.repository, reference, options.platform);
    root = {
      mediaType: resolved.manifest.mediaType,
      digest: resolved.manifest.digest,
      size: resolved.manifest.bytes.byteLength,
    };
  } else {
    const fetched = await fetchManifest(from.host, from.repository, reference);
    root = { mediaType: fetched.mediaType, digest: fetched.digest, size: fetched.bytes.byteLength };
  }
  return pushImage(to.host, to.repository, root, tag, source, settings, options);
}
