// HPACK (RFC 7541) for the light gRPC client: a full decoder (Huffman strings, dynamic table,
// size updates), since the server's encoder uses all of them, and an encoder that only writes
// literals without indexing, which every decoder accepts and which needs no shared state.
import { encode as HUFFMAN_CODES } from 'hpack.js/lib/hpack/huffman.js';
import { table as STATIC_TABLE } from 'hpack.js/lib/hpack/static-table.js';

export type HeaderList = Array<[name: string, value: string]>;

/** A header block the decoder cannot read: a connection error (COMPRESSION_ERROR). */
export class HpackError extends Error {
  constructor(message: string) {
    super(`HPACK: ${message}`);
    this.name = 'HpackError';
  }
}

const EOS = 256;
// The Huffman code as a binary trie in flat arrays: child[2n + bit], and the symbol at a leaf.
const child = new Int32Array(1024).fill(-1);
const symbolAt = new Int16Array(512).fill(-1);
(() => {
  let nodes = 1;
  HUFFMAN_CODES.forEach(([bits, code], symbol) => {
    let node = 0;
    for (let i = bits - 1; i >= 0; i--) {
      const slot = 2 * node + ((code >>> i) & 1);
      if (child[slot] < 0) child[slot] = nodes++;
      node = child[slot];
    }
    symbolAt[node] = symbol;
  });
})();

function huffmanDecode(input: Buffer, start: number, end: number): string {
  const out = Buffer.allocUnsafe(Math.ceil(((end - start) * 8) / 5));
  let length = 0;
  let node = 0;
  let pendingBits = 0;
  let pendingOnes = true;
  for (let i = start; i < end; i++) {
    const byte = input[i];
    for (let shift = 7; shift >= 0; shift--) {
      const bit = (byte >>> shift) & 1;
      node = child[2 * node + bit];
      if (node < 0) throw new HpackError('invalid Huffman code');
      pendingBits++;
      if (bit === 0) pendingOnes = false;
      const symbol = symbolAt[node];
      if (symbol >= 0) {
        if (symbol === EOS) throw new HpackError('EOS in a Huffman string');
        out[length++] = symbol;
        node = 0;
        pendingBits = 0;
        pendingOnes = true;
      }
    }
  }
  // The padding is the most significant bits of EOS (all ones), shorter than a byte.
  if (pendingBits > 7 || !pendingOnes) throw new HpackError('invalid Huffman padding');
  return out.toString('latin1', 0, length);
}

const ENTRY_OVERHEAD = 32;

/** Decodes the header blocks of one connection, in order (they share the dynamic table). */
export class HpackDecoder {
  private readonly dynamic: Array<[string, string]> = [];
  private size = 0;
  private maxSize: number;
  private input: Buffer = Buffer.alloc(0);
  private position = 0;
  private end = 0;

  /** `limit` is our SETTINGS_HEADER_TABLE_SIZE: the largest table the peer may ask for. */
  constructor(private readonly limit = 4096) {
    this.maxSize = limit;
  }

  decode(block: Buffer): HeaderList {
    this.input = block;
    this.position = 0;
    this.end = block.length;
    const headers: HeaderList = [];
    let fieldSeen = false;
    while (this.position < this.end) {
      const first = block[this.position];
      if (first & 0x80) {
        headers.push(this.entry(this.integer(7)));
      } else if (first & 0x40) {
        const field = this.literal(6);
        this.insert(field);
        headers.push(field);
      } else if (first & 0x20) {
        if (fieldSeen) throw new HpackError('table size update after a header field');
        const size = this.integer(5);
        if (size > this.limit) throw new HpackError(`table size ${size} over the limit ${this.limit}`);
        this.maxSize = size;
        this.evict(0);
        continue;
      } else {
        headers.push(this.literal(4));
      }
      fieldSeen = true;
    }
    return headers;
  }

  private entry(index: number): [string, string] {
    if (index === 0) throw new HpackError('index 0');
    if (index <= STATIC_TABLE.length) {
      const { name, value } = STATIC_TABLE[index - 1];
      return [name, value];
    }
    const entry = this.dynamic[index - STATIC_TABLE.length - 1];
    if (!entry) throw new HpackError(`index ${index} is past the tables`);
    return [entry[0], entry[1]];
  }

  private literal(prefix: number): [string, string] {
    const index = this.integer(prefix);
    const name = index === 0 ? this.string() : this.entry(index)[0];
    return [name, this.string()];
  }

  private insert(field: [string, string]): void {
    const size = field[0].length + field[1].length + ENTRY_OVERHEAD;
    this.evict(size);
    if (size <= this.maxSize) {
      this.dynamic.unshift([field[0], field[1]]);
      this.size += size;
    }
  }

  /** Evicts the oldest entries until `room` more octets fit (all of them if it cannot). */
  private evict(room: number): void {
    while (this.dynamic.length > 0 && this.size + room > this.maxSize) {
      const [name, value] = this.dynamic.pop()!;
      this.size -= name.length + value.length + ENTRY_OVERHEAD;
    }
  }

  private integer(prefix: number): number {
    if (this.position >= this.end) throw new HpackError('truncated integer');
    const mask = (1 << prefix) - 1;
    let value = this.input[this.position++] & mask;
    if (value < mask) return value;
    let factor = 1;
    for (;;) {
      if (this.position >= this.end) throw new HpackError('truncated integer');
      const byte = this.input[this.position++];
      value += (byte & 0x7f) * factor;
      if ((byte & 0x80) === 0) break;
      factor *= 128;
      if (factor > 2 ** 28) throw new HpackError('integer too large');
    }
    return value;
  }

  private string(): string {
    if (this.position >= this.end) throw new HpackError('truncated string');
    const huffman = (this.input[this.position] & 0x80) !== 0;
    const length = this.integer(7);
    const start = this.position;
    const end = start + length;
    if (end > this.end) throw new HpackError('truncated string');
    this.position = end;
    return huffman ? huffmanDecode(this.input, start, end) : this.input.toString('latin1', start, end);
  }
}

function writeInteger(out: number[], value: number, prefix: number, flags: number): void {
  const mask = (1 << prefix) - 1;
  if (value < mask) {
    out.push(flags | value);
    return;
  }
  out.push(flags | mask);
  value -= mask;
  while (value >= 128) {
    out.push((value % 128) | 0x80);
    value = Math.floor(value / 128);
  }
  out.push(value);
}

/** A header block of literals without indexing (names and values taken as latin1 octets). */
export function encodeHeaders(headers: HeaderList): Buffer {
  const out: number[] = [];
  for (const [name, value] of headers) {
    out.push(0);
    for (const text of [name, value]) {
      writeInteger(out, text.length, 7, 0);
      for (let i = 0; i < text.length; i++) out.push(text.charCodeAt(i) & 0xff);
    }
  }
  return Buffer.from(out);
}
