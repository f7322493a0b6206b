// Call metadata (request headers, response headers and trailers): the part of grpc-js's Metadata
// clients use. Keys are lower case; "-bin" keys hold Buffers, travelling base64-encoded.
import type { HeaderList } from './hpack';

export type MetadataValue = string | Buffer;

export class Metadata {
  private readonly entries = new Map<string, MetadataValue[]>();

  set(key: string, value: MetadataValue): void {
    this.entries.set(key.toLowerCase(), [value]);
  }

  add(key: string, value: MetadataValue): void {
    const name = key.toLowerCase();
    this.entries.set(name, [...(this.entries.get(name) ?? []), value]);
  }

  get(key: string): MetadataValue[] {
    return this.entries.get(key.toLowerCase()) ?? [];
  }

  remove(key: string): void {
    this.entries.delete(key.toLowerCase());
  }

  getMap(): Record<string, MetadataValue> {
    const map: Record<string, MetadataValue> = {};
    for (const [key, values] of this.entries) map[key] = values[0];
    return map;
  }

  clone(): Metadata {
    const copy = new Metadata();
    for (const [key, values] of this.entries) for (const value of values) copy.add(key, value);
    return copy;
  }

  /** As HTTP/2 header fields. */
  toHeaders(): HeaderList {
    const headers: HeaderList = [];
    for (const [key, values] of this.entries)
      for (const value of values)
        headers.push([key, typeof value === 'string' ? value : value.toString('base64')]);
    return headers;
  }

  /** From received header fields, leaving out HTTP/2's and gRPC's own. */
  static fromHeaders(headers: HeaderList): Metadata {
    const metadata = new Metadata();
    for (const [name, value] of headers) {
      if (name.startsWith(':') || RESERVED.has(name)) continue;
      metadata.add(name, name.endsWith('-bin') ? Buffer.from(value, 'base64') : value);
    }
    return metadata;
  }
}

const RESERVED = new Set([
  'content-type',
  'grpc-status',
  'grpc-message',
  'grpc-encoding',
  'grpc-accept-encoding',
  'te',
]);
