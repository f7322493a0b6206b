import type { Readable } from 'node:stream';

/** A request body that can be sent again: bytes, or a stream opened afresh for each attempt. */
export type RequestBody = Buffer | { readonly size?: number; open(): Promise<Readable> | Readable };

export async function openBody(body: RequestBody | undefined): Promise<Buffer | Readable | undefined> {
  if (body === undefined || Buffer.isBuffer(body)) return body;
  return body.open();
}

export function bodyLengthHeader(body: RequestBody | undefined): Record<string, string> {
  if (body === undefined || Buffer.isBuffer(body) || body.size === undefined) return {};
  return { 'Content-Length': String(body.size) };
}
