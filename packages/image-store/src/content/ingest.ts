import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, open, readdir, readFile, rename, rm, stat, type FileHandle } from 'node:fs/promises';
import { dirname, join } from 'node:path';

import { writeJsonAtomic } from '@berth/kit';
import { createDigester, DigestMismatchError, SizeMismatchError, type Digester } from '@berth/oci';

/** What an ingest promises to produce; checked before the blob becomes visible. */
export interface ExpectedBlob {
  digest: string;
  size: number;
}

/** State of one ingest on disk, for listing and for resuming after a restart. */
export interface IngestStatus {
  ref: string;
  expected: ExpectedBlob;
  offset: number;
  startedAt: string;
}

interface IngestRecord {
  ref: string;
  expected: ExpectedBlob;
  startedAt: string;
}

const DATA_FILE = 'data';
const RECORD_FILE = 'ref.json';

/**
 * The ingest area: half-written blobs live here, one directory per ref (hashed, since refs are
 * free text), and only a verified rename moves them into the layout. A `kill -9` leaves either
 * an ingest directory (resumable: its data is a prefix of the blob) or a complete blob, never a
 * partial blob under `blobs/`.
 */
export class IngestArea {
  constructor(readonly dir: string) {}

  private dirFor(ref: string): string {
    return join(this.dir, createHash('sha256').update(ref).digest('hex'));
  }

  /**
   * Opens (or resumes) the ingest for `ref`. A recorded ingest for another digest, or with more
   * data than the blob can hold, is discarded and started over.
   */
  async open(ref: string, expected: ExpectedBlob): Promise<IngestWriter> {
    const dir = this.dirFor(ref);
    const record = await readRecord(dir);
    let offset = 0;
    if (record && record.expected.digest === expected.digest && record.expected.size === expected.size) {
      offset = await fileSize(join(dir, DATA_FILE));
      if (offset > expected.size) offset = -1;
    } else if (record) {
      offset = -1;
    }
    if (offset < 0) {
      await rm(dir, { recursive: true, force: true });
      offset = 0;
    }
    await mkdir(dir, { recursive: true });
    if (!record || offset === 0) {
      await writeJsonAtomic(join(dir, RECORD_FILE), {
        ref,
        expected,
        startedAt: record?.startedAt ?? new Date().toISOString(),
      } satisfies IngestRecord);
    }
    const digester = createDigester();
    if (offset > 0) await hashPrefix(join(dir, DATA_FILE), offset, digester);
    const handle = await open(join(dir, DATA_FILE), offset > 0 ? 'r+' : 'w');
    if (offset > 0) await handle.truncate(offset);
    return new IngestWriter(dir, expected, offset, digester, handle);
  }

  /** Every ingest on disk, with how far it got. */
  async list(): Promise<IngestStatus[]> {
    const names = await readdir(this.dir).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return [] as string[];
      throw error;
    });
    const result: IngestStatus[] = [];
    for (const name of names) {
      const dir = join(this.dir, name);
      const record = await readRecord(dir);
      if (!record) {
        // Crashed before its record was written: nothing to resume.
        await rm(dir, { recursive: true, force: true });
        continue;
      }
      result.push({ ...record, offset: await fileSize(join(dir, DATA_FILE)) });
    }
    return result;
  }

  async abort(ref: string): Promise<void> {
    await rm(this.dirFor(ref), { recursive: true, force: true });
  }
}

/** Appends to one ingest and, on commit, verifies and publishes it. */
export class IngestWriter {
  private written: number;
  private writing: Promise<void> | undefined;

  constructor(
    private readonly dir: string,
    readonly expected: ExpectedBlob,
    /** Bytes already on disk from an earlier attempt; the source must continue from here. */
    readonly offset: number,
    private readonly digester: Digester,
    private readonly handle: FileHandle,
  ) {
    this.written = offset;
  }

  get dataPath(): string {
    return join(this.dir, DATA_FILE);
  }

  get size(): number {
    return this.written;
  }

  /**
   * Hashes `chunk` and starts writing it after what was written before; resolves once the
   * previous write finished, so one write is in flight while the caller fetches the next chunk.
   */
  async write(chunk: Buffer): Promise<void> {
    if (this.written + chunk.length > this.expected.size) {
      throw new SizeMismatchError(this.expected.size, this.written + chunk.length);
    }
    this.digester.update(chunk);
    const position = this.written;
    this.written += chunk.length;
    await this.settleWrite();
    // Positioned: a resumed file is opened r+, whose implicit position would be 0.
    const writing = writeFully(this.handle, chunk, position);
    writing.catch(() => undefined); // reported by the next write, commit or close
    this.writing = writing;
  }

  /** Waits for the write in flight; rethrows its failure. */
  private async settleWrite(): Promise<void> {
    const writing = this.writing;
    this.writing = undefined;
    await writing;
  }

  /** Checks size and digest, then renames the data to `target`; the ingest is gone afterwards. */
  async commit(target: string): Promise<void> {
    await this.settleWrite();
    await this.handle.sync();
    await this.handle.close();
    if (this.written !== this.expected.size) throw new SizeMismatchError(this.expected.size, this.written);
    const actual = this.digester.digest();
    if (actual !== this.expected.digest) {
      await rm(this.dir, { recursive: true, force: true });
      throw new DigestMismatchError(this.expected.digest, actual);
    }
    await mkdir(dirname(target), { recursive: true });
    await rename(this.dataPath, target);
    await syncDir(dirname(target));
    await rm(this.dir, { recursive: true, force: true });
  }

  /** Stops writing but keeps what was written, so a later open resumes from it. */
  async close(): Promise<void> {
    await this.settleWrite().catch(() => undefined);
    await this.handle.sync().catch(() => undefined);
    await this.handle.close().catch(() => undefined);
  }
}

async function writeFully(handle: FileHandle, chunk: Buffer, position: number): Promise<void> {
  for (let done = 0; done < chunk.length;) {
    const { bytesWritten } = await handle.write(chunk, done, chunk.length - done, position + done);
    done += bytesWritten;
  }
}

async function readRecord(dir: string): Promise<IngestRecord | undefined> {
  try {
    return JSON.parse(await readFile(join(dir, RECORD_FILE), 'utf8')) as IngestRecord;
  } catch {
    return undefined;
  }
}

async function fileSize(path: string): Promise<number> {
  try {
    return (await stat(path)).size;
  } catch {
    return 0;
  }
}

async function hashPrefix(path: string, length: number, digester: Digester): Promise<void> {
  for await (const chunk of createReadStream(path, { start: 0, end: length - 1 })) {
    digester.update(chunk as Buffer);
  }
}

async function syncDir(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
