import { Readable } from 'node:stream';
import type { FileContent } from '../transport/raw-file-body';

/**
 * A request body that can be sent again: bytes, or a stream opened afresh for each attempt
 * (by the transport, when it sends). `file` says the stream is a whole file with known content,
 * which plain-HTTP requests send without node:http (transport/raw-request.ts).
 */
export type RequestBody =
  Buffer | { readonly size?: number; open(): Promise<Readable> | Readable; readonly file?: FileContent };

export async function openBody(
  body: RequestBody | Readable | undefined,
): Promise<Buffer | Readable | undefined> {
  if (body === undefined || Buffer.isBuffer(body) || body instanceof Readable) return body;
  return body.open();
}

export function bodyLengthHeader(body: RequestBody | undefined): Record<string, string> {
  if (body === undefined || Buffer.isBuffer(body) || body.size === undefined) return {};
  return { 'Content-Length': String(body.size) };
}
