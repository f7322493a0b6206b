import type { Header } from 'tar-stream';

import { LayerFormatError } from '../errors';
import { decodePaxRecords } from './tar-reader';

/** One tar entry: its header (long names and PAX records applied) and its body. */
export interface TarEntry {
  header: Header & { byteOffset: number };
  /**
   * The body: for regular files up to the parser's `bufferBytes`, the whole body as slices of
   * the input chunks (no copy); otherwise a stream of it that must be read to its end (or left,
   * then the parser skips the rest) before the next entry is asked for.
   */
  body: Buffer[] | AsyncIterable<Buffer>;
}

export interface TarParserOptions {
  /** Regular files up to this size come as one array of slices. */
  bufferBytes: number;
}

const BLOCK = 512;
/** Long names and PAX records are read into memory: refuse absurd ones (tar-stream's limit). */
const MAX_LONG_HEADER_BYTES = 4 * 1024 * 1024;
const EMPTY: Buffer[] = [];

/**
 * A tar parser pulling from an iterator of chunks (ustar, GNU and PAX formats, as tar-stream
 * decodes them; PAX values byte-exact as `decodePaxRecords` keeps them). Unlike a stream-based
 * parser it hands each entry to one awaited loop with no stream objects, events or callbacks per
 * entry, which on layers of ~10k entries is much of the work left on the main thread.
 * `end` is where the last entry's (padded) body ends, for the end-of-archive check.
 */
export class TarParser {
  private readonly queue: Buffer[] = [];
  private head = 0;
  /** Offset into queue[head] of the first unread byte. */
  private headOffset = 0;
  private buffered = 0;
  private consumed = 0;
  private sourceDone = false;
  private pax: Record<string, string> | undefined;
  private paxGlobal: Record<string, string> | undefined;
  private longPath: string | undefined;
  private longLinkPath: string | undefined;
  /** Unread body bytes (plus padding) of the entry handed out last. */
  private pending = 0;
  end = 0;

  constructor(
    private readonly source: AsyncIterator<Buffer>,
    private readonly options: TarParserOptions,
  ) {}

  /** The next entry, or undefined at the end of the input. */
  async next(): Promise<TarEntry | undefined> {
    if (this.pending > 0) await this.skip(this.pending);
    this.pending = 0;
    for (;;) {
      if (this.buffered < BLOCK && !(await this.fill(BLOCK))) {
        if (this.buffered > 0) throw truncated();
        return undefined;
      }
      const offset = this.consumed;
      const block = this.take(BLOCK);
      const raw = decodeHeader(block);
      if (raw === undefined) continue; // a zero block: end-of-archive padding
      const bodyStart = this.consumed;
      const padded = raw.size + padding(raw.size);
      switch (raw.type as string | null) {
        case 'gnu-long-path':
        case 'gnu-long-link-path':
        case 'pax-header':
        case 'pax-global-header': {
          if (raw.size > MAX_LONG_HEADER_BYTES)
            throw new LayerFormatError(`tar header at byte ${offset} is too long (${raw.size} bytes)`);
          if (this.buffered < padded && !(await this.fill(padded))) throw truncated();
          const data = this.take(raw.size);
          this.take(padded - raw.size);
          this.applyLongHeader(raw.type as string, data);
          continue;
        }
      }
      const header = this.withLongHeaders(raw) as Header & { byteOffset: number };
      header.byteOffset = bodyStart;
      if (!(header.size >= 0) || !Number.isSafeInteger(header.size)) {
        throw new LayerFormatError(`entry "${header.name}" has an invalid size`);
      }
      const size = header.size;
      this.end = bodyStart + size + padding(size);
      const isFile = header.type === 'file' || header.type === 'contiguous-file';
      if (!isFile || size === 0) {
        // Bodies of other entries (a GNU dumpdir's names, say) are not content: skipped.
        this.pending = size + padding(size);
        return { header, body: EMPTY };
      }
      if (size <= this.options.bufferBytes) {
        if (this.buffered < size && !(await this.fill(size))) throw truncated();
        const body = this.takeSlices(size);
        this.pending = padding(size);
        return { header, body };
      }
      this.pending = size + padding(size);
      return { header, body: this.stream(size) };
    }
  }

  private async *stream(size: number): AsyncGenerator<Buffer> {
    let left = size;
    while (left > 0) {
      if (this.buffered === 0 && !(await this.fill(1))) throw truncated();
      const piece = this.takeFirst(left);
      left -= piece.length;
      this.pending -= piece.length;
      yield piece;
    }
  }

  private applyLongHeader(type: string, data: Buffer): void {
    switch (type) {
      case 'gnu-long-path':
        this.longPath = cString(data);
        return;
      case 'gnu-long-link-path':
        this.longLinkPath = cString(data);
        return;
      case 'pax-global-header':
        this.paxGlobal = decodePaxRecords(data);
        return;
      default: {
        const records = decodePaxRecords(data);
        this.pax = this.paxGlobal === undefined ? records : { ...this.paxGlobal, ...records };
      }
    }
  }

  private withLongHeaders(header: Header): Header {
    if (this.longPath !== undefined) header.name = this.longPath;
    if (this.longLinkPath !== undefined) header.linkname = this.longLinkPath;
    this.longPath = this.longLinkPath = undefined;
    // Like tar-stream: global records reach an entry only merged into its own PAX header.
    const pax = this.pax;
    this.pax = undefined;
    if (pax !== undefined) {
      if (pax.path) header.name = pax.path;
      if (pax.linkpath) header.linkname = pax.linkpath;
      if (pax.size) header.size = Number.parseInt(pax.size, 10);
      header.pax = pax;
    }
    return header;
  }

  /** Reads until `bytes` are buffered; false if the input ends first. */
  private async fill(bytes: number): Promise<boolean> {
    while (this.buffered < bytes) {
      if (this.sourceDone) return false;
      const { value, done } = await this.source.next();
      if (done) {
        this.sourceDone = true;
        return false;
      }
      if (value.length === 0) continue;
      if (this.head > 64) {
        this.queue.splice(0, this.head);
        this.head = 0;
      }
      this.queue.push(value);
      this.buffered += value.length;
    }
    return true;
  }

  private async skip(bytes: number): Promise<void> {
    let left = bytes;
    while (left > 0) {
      if (this.buffered === 0 && !(await this.fill(1))) throw truncated();
      left -= this.takeFirst(left).length;
    }
  }

  /** Up to `max` bytes from the first buffered chunk, without copying. */
  private takeFirst(max: number): Buffer {
    const chunk = this.queue[this.head]!;
    const start = this.headOffset;
    const length = Math.min(max, chunk.length - start);
    this.headOffset += length;
    if (this.headOffset === chunk.length) {
      this.queue[this.head++] = undefined as unknown as Buffer;
      this.headOffset = 0;
    }
    this.buffered -= length;
    this.consumed += length;
    return start === 0 && length === chunk.length ? chunk : chunk.subarray(start, start + length);
  }

  /** `bytes` buffered bytes as slices of the chunks. */
  private takeSlices(bytes: number): Buffer[] {
    const slices: Buffer[] = [];
    for (let left = bytes; left > 0;) {
      const piece = this.takeFirst(left);
      slices.push(piece);
      left -= piece.length;
    }
    return slices;
  }

  /** `bytes` buffered bytes in one buffer (copied only when they span chunks). */
  private take(bytes: number): Buffer {
    const first = this.takeFirst(bytes);
    if (first.length === bytes) return first;
    return Buffer.concat([first, ...this.takeSlices(bytes - first.length)], bytes);
  }
}

function truncated(): LayerFormatError {
  return new LayerFormatError('tar stream ends inside an entry (truncated layer)');
}

function padding(size: number): number {
  const rest = size % BLOCK;
  return rest === 0 ? 0 : BLOCK - rest;
}

const USTAR_MAGIC = Buffer.from('ustar\0', 'latin1');
const GNU_MAGIC = Buffer.from('ustar ', 'latin1');
const GNU_VERSION = Buffer.from(' \0', 'latin1');

/** Decodes one 512-byte header block as tar-stream does; undefined for a zero block. */
export function decodeHeader(block: Buffer): Header | undefined {
  let sum = 8 * 32; // the checksum field counts as spaces
  for (let i = 0; i < 148; i++) sum += block[i]!;
  for (let i = 156; i < BLOCK; i++) sum += block[i]!;
  if (sum === 8 * 32) return undefined;
  if (sum !== decodeNumber(block, 148, 8)) {
    throw new LayerFormatError('invalid tar header (bad checksum): the layer is corrupt or not a tar');
  }
  let typeflag = block[156] === 0 ? 0 : block[156]! - 0x30;
  let name = field(block, 0, 100);
  if (block.compare(USTAR_MAGIC, 0, 6, 257, 263) === 0) {
    if (block[345] !== 0) name = `${field(block, 345, 155)}/${name}`;
  } else if (
    block.compare(GNU_MAGIC, 0, 6, 257, 263) !== 0 ||
    block.compare(GNU_VERSION, 0, 2, 263, 265) !== 0
  ) {
    throw new LayerFormatError('invalid tar header: unknown format (neither ustar nor GNU)');
  }
  // Old tars mark directories with a trailing slash only.
  if (typeflag === 0 && name.endsWith('/')) typeflag = 5;
  return {
    name,
    mode: decodeNumber(block, 100, 8),
    uid: decodeNumber(block, 108, 8),
    gid: decodeNumber(block, 116, 8),
    size: decodeNumber(block, 124, 12),
    mtime: new Date(1000 * decodeNumber(block, 136, 12)),
    type: entryType(typeflag) as Header['type'],
    linkname: block[157] === 0 ? null : field(block, 157, 100),
    uname: field(block, 265, 32),
    gname: field(block, 297, 32),
    devmajor: decodeNumber(block, 329, 8),
    devminor: decodeNumber(block, 337, 8),
    pax: null,
  } as unknown as Header;
}

function entryType(flag: number): string | null {
  switch (flag) {
    case 0:
      return 'file';
    case 1:
      return 'link';
    case 2:
      return 'symlink';
    case 3:
      return 'character-device';
    case 4:
      return 'block-device';
    case 5:
      return 'directory';
    case 6:
      return 'fifo';
    case 7:
      return 'contiguous-file';
    case 72: // 'x'
      return 'pax-header';
    case 55: // 'g'
      return 'pax-global-header';
    case 27: // 'K'
      return 'gnu-long-link-path';
    case 28: // 'L'
    case 30: // 'N'
      return 'gnu-long-path';
    default:
      return null;
  }
}

/** A NUL-terminated UTF-8 string field. */
function field(block: Buffer, offset: number, length: number): string {
  let end = offset;
  const limit = offset + length;
  while (end < limit && block[end] !== 0) end++;
  return block.toString('utf8', offset, end);
}

function cString(data: Buffer): string {
  const nul = data.indexOf(0);
  return data.toString('utf8', 0, nul < 0 ? data.length : nul);
}

/** An octal number field (leading spaces, NUL or space terminated) or GNU base-256. */
function decodeNumber(block: Buffer, offset: number, length: number): number {
  const end = offset + length;
  if ((block[offset]! & 0x80) !== 0) {
    const positive = block[offset] === 0x80;
    if (!positive && block[offset] !== 0xff) return NaN;
    let sum = 0;
    for (let i = offset + 1; i < end; i++) sum = sum * 256 + (positive ? block[i]! : 0xff - block[i]!);
    return positive ? sum : -sum;
  }
  let i = offset;
  while (i < end && (block[i] === 0x20 || block[i] === 0)) i++;
  let value = 0;
  let digits = 0;
  for (; i < end; i++) {
    const c = block[i]!;
    if (c < 0x30 || c > 0x37) break;
    value = value * 8 + (c - 0x30);
    digits++;
  }
  return digits === 0 ? 0 : value;
}
