import { createReadStream } from 'node:fs';
import { readdir, readFile, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable, Writable } from 'node:stream';

import { digestOf, IMAGE_LAYOUT_BLOBS_DIR, parseDigest, type Descriptor } from '@berth/oci';

import { BlobNotFoundError } from '../errors';
import { writeWithBackpressure } from '../stream-write';
import { blobFilePath } from './blob-paths';
import { IngestArea, type ExpectedBlob, type IngestWriter } from './ingest';
import { OciLayoutDir } from './layout';

/** How many downloaded bytes are gathered before they go to the ingest file and the sink. */
const PASS_ON_BYTES = 1024 * 1024;

/** A source of blob bytes that can start at an offset (HTTP Range, a file position). */
export type OpenBlobSource = (
  offset: number,
  signal: AbortSignal,
) => Promise<AsyncIterable<Buffer> | Readable>;

export interface FetchBlobOptions {
  expected: ExpectedBlob;
  open: OpenBlobSource;
  /** Bytes so far and the total, after every chunk (resumed bytes count from the start). */
  onProgress?: (bytes: number, total: number) => void;
  /**
   * Receives the blob's full content as it arrives (the resumed prefix first), so a layer can be
   * unpacked while it downloads. It is not ended by the store.
   */
  sink?: Writable;
  /**
   * Called once the sink has been given the last byte of a download, before the blob is verified
   * and committed (fsync, rename): the sink's consumer can finish meanwhile, as long as it waits
   * for fetch() before trusting what it made.
   */
  onDrained?: () => void;
  signal?: AbortSignal;
}

export interface BlobInfo {
  digest: string;
  size: number;
}

/**
 * Content-addressed blobs in an OCI layout plus the ingest area. Fetches of one digest are
 * single-flight: concurrent pulls of images sharing a layer download it once.
 */
export class ContentStore {
  readonly layout: OciLayoutDir;
  readonly ingests: IngestArea;
  private readonly inFlight = new Map<string, Promise<void>>();

  constructor(
    readonly layoutDir: string,
    ingestDir: string,
  ) {
    this.layout = new OciLayoutDir(layoutDir);
    this.ingests = new IngestArea(ingestDir);
  }

  async init(): Promise<void> {
    await this.layout.init();
  }

  blobPath(digest: string): string {
    return blobFilePath(this.layoutDir, digest);
  }

  async info(digest: string): Promise<BlobInfo> {
    try {
      return { digest, size: (await stat(this.blobPath(digest))).size };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new BlobNotFoundError(digest);
      throw error;
    }
  }

  async has(digest: string): Promise<boolean> {
    return this.info(digest).then(
      () => true,
      (error: unknown) => (error instanceof BlobNotFoundError ? false : Promise.reject(error)),
    );
  }

  /** Reads a whole (small) blob, verifying its digest: manifests and configs are trusted by it. */
  async readBlob(digest: string): Promise<Buffer> {
    let data: Buffer;
    try {
      data = await readFile(this.blobPath(digest));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new BlobNotFoundError(digest);
      throw error;
    }
    const actual = digestOf(data, parseDigest(digest).algorithm);
    if (actual !== digest) throw new BlobNotFoundError(digest);
    return data;
  }

  async readJson(digest: string): Promise<unknown> {
    return JSON.parse((await this.readBlob(digest)).toString('utf8'));
  }

  openRead(digest: string): Readable {
    return createReadStream(this.blobPath(digest));
  }

  /** Stores an in-memory blob (manifests, configs) and returns its descriptor fields. */
  async writeBlob(data: Buffer, mediaType: string): Promise<Descriptor> {
    const expected = { digest: digestOf(data), size: data.length };
    await this.fetch({
      expected,
      open: async () =>
        (async function* () {
          yield data;
        })(),
    });
    return { mediaType, ...expected };
  }

  /**
   * Makes sure the blob is in the store: downloads it through the ingest area (resuming a
   * half-written ingest) unless present or already being fetched by someone else.
   */
  async fetch(options: FetchBlobOptions): Promise<void> {
    const { digest } = options.expected;
    const running = this.inFlight.get(digest);
    if (running) {
      const fetchedByOther = await running.then(
        () => true,
        () => false, // its caller's failure (say, its unpack) need not be ours: try ourselves
      );
      if (!fetchedByOther) return this.fetch(options);
      if (options.sink) await this.copyTo(digest, options.sink);
      return;
    }
    // Registered before any await, so a concurrent fetch of the digest always finds it.
    const work = (async () => {
      if (await this.has(digest)) {
        options.onProgress?.(options.expected.size, options.expected.size);
        if (options.sink) await this.copyTo(digest, options.sink);
        return;
      }
      await this.download(options);
    })().finally(() => this.inFlight.delete(digest));
    this.inFlight.set(digest, work);
    await work;
  }

  private async download(options: FetchBlobOptions): Promise<void> {
    const { expected, sink, onProgress } = options;
    const writer = await this.ingests.open(`blob-${expected.digest}`, expected);
    const controller = new AbortController();
    const abort = () => controller.abort(options.signal?.reason);
    options.signal?.addEventListener('abort', abort, { once: true });
    try {
      if (sink && writer.offset > 0) {
        for await (const chunk of createReadStream(writer.dataPath, { end: writer.offset - 1 })) {
          await writeWithBackpressure(sink, chunk as Buffer, 'layer unpack');
        }
      }
      onProgress?.(writer.offset, expected.size);
      if (writer.offset < expected.size) {
        const source = await options.open(writer.offset, controller.signal);
        await this.drain(source, writer, sink, onProgress);
      }
      options.onDrained?.();
      await writer.commit(this.blobPath(expected.digest));
    } catch (error) {
      controller.abort(error);
      await writer.close();
      throw error;
    } finally {
      options.signal?.removeEventListener('abort', abort);
    }
  }

  private async drain(
    source: AsyncIterable<Buffer> | Readable,
    writer: IngestWriter,
    sink: Writable | undefined,
    onProgress: FetchBlobOptions['onProgress'],
  ): Promise<void> {
    // Socket reads are 16-64 KiB; passed on in batches of ~1 MiB, each costs one file write and
    // one decompressor work item in the thread pool instead of dozens.
    let batch: Buffer[] = [];
    let batchBytes = 0;
    const pass = async () => {
      const buffer = batch.length === 1 ? batch[0]! : Buffer.concat(batch, batchBytes);
      batch = [];
      batchBytes = 0;
      await writer.write(buffer);
      if (sink) await writeWithBackpressure(sink, buffer, 'layer unpack');
      onProgress?.(writer.size, writer.expected.size);
    };
    try {
      for await (const chunk of source) {
        const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as Uint8Array);
        batch.push(buffer);
        batchBytes += buffer.length;
        if (batchBytes >= PASS_ON_BYTES) await pass();
      }
    } catch (error) {
      // What arrived before a broken connection is kept for the resume.
      if (batchBytes > 0) await writer.write(Buffer.concat(batch, batchBytes)).catch(() => undefined);
      throw error;
    }
    if (batchBytes > 0) await pass();
  }

  private async copyTo(digest: string, sink: Writable): Promise<void> {
    for await (const chunk of this.openRead(digest))
      await writeWithBackpressure(sink, chunk as Buffer, 'layer unpack');
  }

  /** Every blob digest in the layout. */
  async list(): Promise<string[]> {
    const root = join(this.layoutDir, IMAGE_LAYOUT_BLOBS_DIR);
    const result: string[] = [];
    for (const algorithm of await readdir(root)) {
      for (const encoded of await readdir(join(root, algorithm))) result.push(`${algorithm}:${encoded}`);
    }
    return result.sort();
  }

  async delete(digest: string): Promise<void> {
    await rm(this.blobPath(digest), { force: true });
  }
}
