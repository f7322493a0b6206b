// Public API of @berth/registry-client: an OCI distribution client (resolve, pull to an OCI image
// layout, push, copy, tags, catalog, delete, referrers) with docker-compatible auth and transport.

export { RegistryClient, type ResolvedDigest } from './registry-client';
export type { BlobProgress, ProgressCallback, RegistryClientOptions } from './client-options';
export type { RegistryHostOptions } from './transport/host-options';
export type { PullOptions, PullResult } from './operations/pull';
export type { PushOptions, PushResult } from './operations/push';
export type { CopyOptions } from './operations/copy';
export type { BlobLocation } from './blobs/blob-request';
export type { OpenBlobOptions } from './blobs/open-blob';
export type { FetchedManifest } from './registry/manifests';
export { FileSchemeCache, defaultSchemeCachePath, type SchemeCache } from './registry/scheme-cache';
export type { ResolvedImage } from './registry/resolve-image';
export type { Credentials, CredentialProvider } from './auth/credentials';
export {
  dockerConfigCredentials,
  dockerConfigPath,
  eraseDockerCredentials,
  storeDockerCredentials,
} from './auth/docker-config';
export { ImageLayoutDir, REF_NAME_ANNOTATION } from './layout/image-layout';
export * from './errors';
