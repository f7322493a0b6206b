import { PassThrough, type Readable } from 'node:stream';
import { repositoryScope, mergeScopes } from '../auth/scope';
import { ProtocolError } from '../errors';
import type { HttpResponse } from '../transport/http-transport';
import type { RegistryHost } from '../registry/registry-host';

/** Where a blob's bytes come from when pushing; `open` is called again for each attempt. */
export interface BlobSource {
  readonly digest: string;
  readonly size: number;
  /** The bytes from `start` to `end` inclusive (whole blob without arguments). */
  open(start?: number, end?: number): Promise<Readable>;
  /** A file holding exactly the blob: whole-blob uploads over plain HTTP send it without a stream. */
  readonly file?: string;
}

export type UploadOutcome = 'exists' | 'mounted' | 'uploaded';

export interface UploadOptions {
  /** A repository of the same registry that has the blob: tried as a cross-repository mount first. */
  readonly mountFrom?: string;
  /** Upload in PATCH chunks of this many bytes instead of one PUT. */
  readonly chunkSize?: number;
  readonly onBytes?: (bytes: number) => void;
}

function locationOf(response: HttpResponse, what: string): string {
  const location = response.headers.location;
  if (location === undefined || location === '')
    throw new ProtocolError(`${what}: registry sent no Location`);
  return new URL(location, response.url).href;
}

function withDigest(location: string, digest: string): string {
  const url = new URL(location);
  url.searchParams.set('digest', digest);
  return url.href;
}

function counted(stream: Readable, onBytes: ((bytes: number) => void) | undefined): Readable {
  if (onBytes === undefined) return stream;
  const counter = new PassThrough({ highWaterMark: 1024 * 1024 });
  counter.on('data', (chunk: Buffer) => onBytes(chunk.byteLength));
  stream.on('error', (error) => counter.destroy(error));
  return stream.pipe(counter);
}

/** Whether the repository already has the blob (HEAD). */
export async function blobExists(host: RegistryHost, repository: string, digest: string): Promise<boolean> {
  const response = await host.request({
    method: 'HEAD',
    path: `/v2/${repository}/blobs/${digest}`,
    scopes: repositoryScope(repository, 'pull', 'push'),
    expect: [200, 404],
  });
  response.body.resume();
  return response.status === 200;
}

/**
 * Pushes one blob: HEAD to skip what the registry has, a cross-repository mount when the source
 * repository is known, else an upload session (POST, then one PUT or PATCH chunks following the
 * registry's Location at each step, then the closing PUT with the digest).
 */
export async function uploadBlob(
  host: RegistryHost,
  repository: string,
  source: BlobSource,
  options: UploadOptions = {},
): Promise<UploadOutcome> {
  if (await blobExists(host, repository, source.digest)) return 'exists';
  const push = repositoryScope(repository, 'pull', 'push');
  const mountFrom =
    options.mountFrom !== undefined && options.mountFrom !== repository ? options.mountFrom : undefined;
  const query =
    mountFrom === undefined
      ? ''
      : `?mount=${encodeURIComponent(source.digest)}&from=${encodeURIComponent(mountFrom)}`;
  const started = await host.request({
    method: 'POST',
    path: `/v2/${repository}/blobs/uploads/${query}`,
    scopes: mountFrom === undefined ? push : mergeScopes(push, repositoryScope(mountFrom, 'pull')),
    headers: { 'Content-Length': '0' },
    expect: [201, 202],
  });
  started.body.resume();
  if (started.status === 201) return 'mounted';
  let location = locationOf(started, `upload of ${source.digest}`);
  if (options.chunkSize !== undefined && options.chunkSize < source.size) {
    location = await patchChunks(host, repository, source, location, options.chunkSize, options.onBytes);
    await closeUpload(host, repository, source.digest, location, undefined);
  } else {
    await closeUpload(host, repository, source.digest, location, source, options.onBytes);
  }
  return 'uploaded';
}

async function patchChunks(
  host: RegistryHost,
  repository: string,
  source: BlobSource,
  start: string,
  chunkSize: number,
  onBytes: ((bytes: number) => void) | undefined,
): Promise<string> {
  let location = start;
  for (let offset = 0; offset < source.size; offset += chunkSize) {
    const end = Math.min(offset + chunkSize, source.size) - 1;
    const response = await host.request({
      method: 'PATCH',
      path: location,
      scopes: repositoryScope(repository, 'pull', 'push'),
      headers: { 'Content-Type': 'application/octet-stream', 'Content-Range': `${offset}-${end}` },
      body: { size: end - offset + 1, open: async () => counted(await source.open(offset, end), onBytes) },
      expect: [202],
      retry: false,
    });
    response.body.resume();
    // The registry says how much it holds; anything but the bytes sent so far breaks the session.
    const range = response.headers.range;
    if (range !== undefined && range !== `0-${end}` && range !== `bytes=0-${end}`) {
      throw new ProtocolError(
        `upload of ${source.digest}: registry holds ${range} after sending bytes 0-${end}`,
      );
    }
    location = locationOf(response, `upload of ${source.digest}`);
  }
  return location;
}

async function closeUpload(
  host: RegistryHost,
  repository: string,
  digest: string,
  location: string,
  source: BlobSource | undefined,
  onBytes?: (bytes: number) => void,
): Promise<void> {
  const response = await host.request({
    method: 'PUT',
    path: withDigest(location, digest),
    scopes: repositoryScope(repository, 'pull', 'push'),
    headers: {
      'Content-Type': 'application/octet-stream',
      ...(source === undefined ? { 'Content-Length': '0' } : {}),
    },
    ...(source === undefined
      ? {}
      : {
          body: {
            size: source.size,
            open: async () => counted(await source.open(), onBytes),
            ...(source.file === undefined
              ? {}
              : {
                  file: {
                    path: source.file,
                    size: source.size,
                    digest,
                    ...(onBytes ? { onBytes } : {}),
                  },
                }),
          },
        }),
    expect: [201, 204],
    retry: false,
  });
  response.body.resume();
}
