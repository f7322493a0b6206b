import {
  formatReference,
  parseReference,
  withDefaultTag,
  type Descriptor,
  type Platform,
  type Reference,
} from '@berth/oci';
import type { CredentialProvider } from './auth/credentials';
import type { Readable } from 'node:stream';
import type { BlobLocation } from './blobs/blob-request';
import { fetchBlobToFile } from './blobs/fetch-blob';
import { openBlobStream, type OpenBlobOptions } from './blobs/open-blob';
import { readSmallBlob } from './blobs/read-blob';
import type { ProgressCallback, RegistryClientOptions } from './client-options';
import { InvalidArgumentError } from './errors';
import { ImageLayoutDir } from './layout/image-layout';
import { layoutBlobSource } from './layout/layout-blob-source';
import { copyImage, type CopyOptions } from './operations/copy';
import { listCatalog, listTags } from './operations/listing';
import { pullToLayout, type PullOptions, type PullResult } from './operations/pull';
import { layoutImageSource, pushImage, type PushOptions, type PushResult } from './operations/push';
import { listReferrers } from './operations/referrers';
import { transferSettings, type TransferSettings } from './operations/transfer-settings';
import { createRegistryHost, credentialProvider } from './registry/host-factory';
import { deleteManifest, fetchManifest, headManifest, type FetchedManifest } from './registry/manifests';
import type { RegistryHost } from './registry/registry-host';
import { resolveImage, type ResolvedImage } from './registry/resolve-image';

const MAX_CONFIG_BYTES = 8 * 1024 * 1024;

/** What a reference points at, as `berth-registry digest` prints it. */
export interface ResolvedDigest {
  readonly reference: string;
  readonly digest: string;
  readonly mediaType: string;
  readonly size: number;
}

/**
 * The OCI distribution client. One instance keeps connections, tokens and TLS settings per
 * registry; call close() when done so keep-alive sockets do not hold the process open.
 */
export class RegistryClient {
  private readonly hosts = new Map<string, Promise<RegistryHost>>();
  private readonly credentials: CredentialProvider;
  private readonly settings: TransferSettings;

  constructor(private readonly options: RegistryClientOptions = {}) {
    this.credentials = credentialProvider(options);
    this.settings = transferSettings(options);
  }

  /** The connection state of a registry (created on first use). */
  host(domain: string): Promise<RegistryHost> {
    let host = this.hosts.get(domain);
    if (host === undefined) {
      host = createRegistryHost(domain, this.options, this.credentials);
      host.catch(() => this.hosts.delete(domain));
      this.hosts.set(domain, host);
    }
    return host;
  }

  /** Fetches the manifest or index a reference names (default tag `latest`), digest-checked. */
  async manifest(reference: string | Reference): Promise<FetchedManifest> {
    const ref = imageReference(reference);
    return fetchManifest(await this.host(ref.domain), ref.path, target(ref));
  }

  /** The image manifest for a platform (default: this host), through the index if there is one. */
  async resolve(reference: string | Reference, platform?: string | Platform): Promise<ResolvedImage> {
    const ref = imageReference(reference);
    return resolveImage(await this.host(ref.domain), ref.path, target(ref), platform);
  }

  /** The digest a reference resolves to, by HEAD when the registry tells, else by GET. */
  async digest(reference: string | Reference): Promise<ResolvedDigest> {
    const ref = imageReference(reference);
    const host = await this.host(ref.domain);
    const head = await headManifest(host, ref.path, target(ref));
    if (head !== undefined && head.mediaType !== undefined && head.size !== undefined) {
      return {
        reference: formatReference(ref),
        digest: head.digest,
        mediaType: head.mediaType,
        size: head.size,
      };
    }
    const fetched = await fetchManifest(host, ref.path, target(ref));
    return {
      reference: formatReference(ref),
      digest: fetched.digest,
      mediaType: fetched.mediaType,
      size: fetched.bytes.byteLength,
    };
  }

  /** Downloads one blob to a file, verified; the file exists only if the content was right. */
  async fetchBlob(
    repository: string | Reference,
    blob: Pick<Descriptor, 'digest' | 'size' | 'urls'>,
    destination: string,
    onProgress?: ProgressCallback,
  ): Promise<void> {
    const ref = typeof repository === 'string' ? parseReference(repository) : repository;
    await fetchBlobToFile(await this.host(ref.domain), ref.path, blob, destination, {
      rangedThreshold: this.settings.rangedThreshold,
      rangedParts: this.settings.rangedParts,
      maxResumes: this.settings.maxResumes,
      ...(onProgress ? { onProgress } : {}),
    });
  }

  /**
   * A blob's bytes from `options.offset` on, as a stream: for resuming a download the caller
   * keeps itself, or unpacking while downloading. A descriptor with `urls` (a foreign layer) is
   * fetched from those first. The bytes are NOT verified here (a part has no digest): the caller
   * hashes the whole blob, its own prefix included.
   */
  async openBlob(
    repository: string | Reference,
    blob: string | BlobLocation,
    options: OpenBlobOptions = {},
  ): Promise<Readable> {
    const ref = typeof repository === 'string' ? parseReference(repository) : repository;
    const location = typeof blob === 'string' ? { digest: blob } : blob;
    return openBlobStream(await this.host(ref.domain), ref.path, location, options);
  }

  /** Reads the image config for a platform (default: this host). */
  async config(reference: string | Reference, platform?: string | Platform): Promise<Buffer> {
    const ref = imageReference(reference);
    const resolved = await this.resolve(ref, platform);
    return readSmallBlob(await this.host(ref.domain), ref.path, resolved.image.config, MAX_CONFIG_BYTES);
  }

  /** Checks that a registry answers and accepts the configured credentials (what `login` verifies). */
  async checkAccess(domain: string): Promise<void> {
    const host = await this.host(domain);
    const response = await host.request({ method: 'GET', path: '/v2/', scopes: new Map(), expect: [200] });
    response.body.resume();
  }

  /** Pulls an image (one platform) into an OCI image layout directory. */
  async pull(reference: string | Reference, dir: string, options: PullOptions = {}): Promise<PullResult> {
    const ref = imageReference(reference);
    return pullToLayout(await this.host(ref.domain), ref.path, target(ref), dir, this.settings, options);
  }

  /** Pushes the image named `name` (or the only one) of an OCI layout to a reference. */
  async push(
    dir: string,
    reference: string | Reference,
    options: PushOptions & { name?: string } = {},
  ): Promise<PushResult> {
    const ref = imageReference(reference);
    const layout = new ImageLayoutDir(dir);
    const root = await layout.find(options.name);
    if (ref.digest !== undefined && ref.digest !== root.digest) {
      throw new InvalidArgumentError(
        `${formatReference(ref)}: the layout's image is ${root.digest}, not ${ref.digest}`,
      );
    }
    const source = layoutImageSource(layout, (descriptor) => layoutBlobSource(layout, descriptor));
    return pushImage(
      await this.host(ref.domain),
      ref.path,
      root,
      ref.tag ?? undefined,
      source,
      this.settings,
      options,
    );
  }

  /** Copies an image between registries or repositories, mounting blobs within one registry. */
  async copy(
    source: string | Reference,
    destination: string | Reference,
    options: CopyOptions = {},
  ): Promise<PushResult> {
    const from = imageReference(source);
    const to = imageReference(destination);
    return copyImage(
      { host: await this.host(from.domain), repository: from.path },
      target(from),
      { host: await this.host(to.domain), repository: to.path },
      // A destination given by digest is pushed by digest; without tag it is `latest`, as in skopeo.
      to.digest === undefined ? to.tag : undefined,
      this.settings,
      options,
    );
  }

  /** Deletes the manifest a reference names (a tag is resolved to its digest first). */
  async delete(reference: string | Reference): Promise<string> {
    const ref = imageReference(reference);
    const host = await this.host(ref.domain);
    const digest = ref.digest ?? (await this.digest(ref)).digest;
    await deleteManifest(host, ref.path, digest);
    return digest;
  }

  async tags(repository: string | Reference, pageSize?: number): Promise<string[]> {
    const ref = typeof repository === 'string' ? parseReference(repository) : repository;
    return listTags(await this.host(ref.domain), ref.path, pageSize);
  }

  /** Repositories of a registry host (`name[:port]`). */
  async catalog(domain: string, pageSize?: number): Promise<string[]> {
    if (domain === '' || domain.includes('/'))
      throw new InvalidArgumentError(`invalid registry host ${JSON.stringify(domain)}`);
    return listCatalog(await this.host(domain), pageSize);
  }

  /** Artifacts referring to the manifest a reference names (referrers API, or the tag-schema fallback). */
  async referrers(reference: string | Reference, artifactType?: string): Promise<Descriptor[]> {
    const ref = imageReference(reference);
    const digest = ref.digest ?? (await this.digest(ref)).digest;
    return listReferrers(await this.host(ref.domain), ref.path, digest, artifactType);
  }

  /** Closes every kept-alive connection. */
  async close(): Promise<void> {
    const hosts = await Promise.allSettled(this.hosts.values());
    this.hosts.clear();
    for (const host of hosts) if (host.status === 'fulfilled') host.value.close();
  }
}

function imageReference(reference: string | Reference): Reference {
  return withDefaultTag(typeof reference === 'string' ? parseReference(reference) : reference);
}

/** What goes after `/manifests/`: the digest when there is one (it pins content), else the tag. */
function target(ref: Reference): string {
  return ref.digest ?? (ref.tag as string);
}
