import { digestOf, DigestMismatchError, parseDigest, SizeMismatchError } from '@berth/oci';
import { ProtocolError } from '../errors';
import type { RegistryHost } from '../registry/registry-host';
import { readBody } from '../transport/http-transport';
import { requestBlob } from './blob-request';

/** Reads a small blob (an image config) into memory, checking size and digest. */
export async function readSmallBlob(
  host: RegistryHost,
  repository: string,
  blob: { digest: string; size: number },
  maxBytes: number,
): Promise<Buffer> {
  if (blob.size > maxBytes)
    throw new ProtocolError(`blob ${blob.digest} is ${blob.size} bytes, more than ${maxBytes} expected here`);
  const response = await requestBlob(host, repository, blob.digest);
  let bytes: Buffer;
  try {
    bytes = await readBody(response.body, blob.size);
  } catch {
    throw new SizeMismatchError(blob.size, blob.size + 1);
  }
  if (bytes.byteLength !== blob.size) throw new SizeMismatchError(blob.size, bytes.byteLength);
  const actual = digestOf(bytes, parseDigest(blob.digest).algorithm);
  if (actual !== blob.digest) throw new DigestMismatchError(blob.digest, actual);
  return bytes;
}
