// ADD <url>: downloads over http(s) to a temp file, verifies --checksum when given, and returns
// the name docker would give the file (the URL path's last segment) and its Last-Modified time.

import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { Readable, Transform, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { BuilderError } from '../errors';

export interface FetchedFile {
  file: string;
  name: string;
  mtime: Date;
  /** `sha256:<hex>` of the content. */
  digest: string;
}

export function isRemoteUrl(source: string): boolean {
  return /^https?:\/\//i.test(source);
}

export async function fetchUrl(url: string, file: string, checksum?: string): Promise<FetchedFile> {
  let response: Response;
  try {
    response = await fetch(url, { redirect: 'follow' });
  } catch (error) {
    throw new BuilderError('FETCH_FAILED', `ADD ${url}: ${(error as Error).message}`, error);
  }
  if (!response.ok || response.body === null) {
    throw new BuilderError('FETCH_FAILED', `ADD ${url}: invalid response status ${response.status}`);
  }
  const algorithm = checksum?.split(':')[0] ?? 'sha256';
  const hash = createHash(algorithm);
  const sha256 = algorithm === 'sha256' ? hash : createHash('sha256');
  const tap = new Transform({
    transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback) {
      hash.update(chunk);
      if (sha256 !== hash) sha256.update(chunk);
      callback(null, chunk);
    },
  });
  await pipeline(
    Readable.fromWeb(response.body as import('node:stream/web').ReadableStream),
    tap,
    createWriteStream(file, { mode: 0o600 }),
  );
  const actual = `${algorithm}:${hash.digest('hex')}`;
  const digest = sha256 === hash ? actual : `sha256:${sha256.digest('hex')}`;
  if (checksum !== undefined && actual !== checksum) {
    throw new BuilderError('CHECKSUM_MISMATCH', `ADD ${url}: digest mismatch ${actual}: ${checksum}`);
  }
  const pathName = new URL(response.url || url).pathname;
  const name =
    pathName
      .split('/')
      .filter((part) => part !== '')
      .pop() ?? '';
  const lastModified = response.headers.get('last-modified');
  const mtime = lastModified === null ? new Date() : new Date(lastModified);
  return { file, name, mtime: Number.isNaN(mtime.getTime()) ? new Date() : mtime, digest };
}
