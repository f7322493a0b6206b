import { createHash } from 'node:crypto';
import { InvalidDigestError } from '../errors';

/** Algorithms the image spec registers and Berth verifies content with. */
export const DIGEST_ALGORITHMS = ['sha256', 'sha512'] as const;
export type DigestAlgorithm = (typeof DIGEST_ALGORITHMS)[number];

const HEX_LENGTH: Readonly<Record<DigestAlgorithm, number>> = { sha256: 64, sha512: 128 };

// Image spec grammar: algorithm-component (separator algorithm-component)* ":" encoded.
const ALGORITHM_GRAMMAR = /^[a-z0-9]+(?:[+._-][a-z0-9]+)*$/;
const ENCODED_GRAMMAR = /^[a-zA-Z0-9=_-]+$/;

export interface ParsedDigest {
  readonly algorithm: DigestAlgorithm;
  /** Lowercase hex of the hash. */
  readonly encoded: string;
  /** The whole digest string, `sha256:<hex>`. */
  readonly digest: string;
}

function isSupported(algorithm: string): algorithm is DigestAlgorithm {
  return (DIGEST_ALGORITHMS as readonly string[]).includes(algorithm);
}

/** Why `input` is not a digest Berth can verify, or undefined when it is one. */
export function digestProblem(input: string): string | undefined {
  const colon = input.indexOf(':');
  if (colon < 0) return 'missing algorithm prefix such as "sha256:"';
  const algorithm = input.slice(0, colon);
  const encoded = input.slice(colon + 1);
  if (!ALGORITHM_GRAMMAR.test(algorithm)) return `malformed algorithm ${JSON.stringify(algorithm)}`;
  if (!isSupported(algorithm)) {
    return `unsupported algorithm ${JSON.stringify(algorithm)} (supported: ${DIGEST_ALGORITHMS.join(', ')})`;
  }
  if (!ENCODED_GRAMMAR.test(encoded)) return 'encoded part is empty or has characters outside [a-zA-Z0-9=_-]';
  if (/[A-F]/.test(encoded)) return `${algorithm} hex must be lowercase`;
  if (!/^[0-9a-f]+$/.test(encoded)) return `${algorithm} value must be hexadecimal`;
  const want = HEX_LENGTH[algorithm];
  if (encoded.length !== want) return `${algorithm} hex must be ${want} characters, got ${encoded.length}`;
  return undefined;
}

export function invalidDigestMessage(input: string, problem: string): string {
  return `invalid digest ${JSON.stringify(input)}: ${problem}`;
}

/** Parses `sha256:<hex>` or `sha512:<hex>`; throws InvalidDigestError saying what is wrong. */
export function parseDigest(input: string): ParsedDigest {
  if (typeof input !== 'string')
    throw new InvalidDigestError(`invalid digest: expected a string, got ${typeof input}`);
  const problem = digestProblem(input);
  if (problem !== undefined) throw new InvalidDigestError(invalidDigestMessage(input, problem));
  const colon = input.indexOf(':');
  return {
    algorithm: input.slice(0, colon) as DigestAlgorithm,
    encoded: input.slice(colon + 1),
    digest: input,
  };
}

export function isDigest(input: unknown): input is string {
  return typeof input === 'string' && digestProblem(input) === undefined;
}

/** The hex part of a digest (what OCI layouts use as the blob file name). */
export function encodedHex(digest: string): string {
  return parseDigest(digest).encoded;
}

export function digestAlgorithm(digest: string): DigestAlgorithm {
  return parseDigest(digest).algorithm;
}

export function assertDigestAlgorithm(algorithm: string): DigestAlgorithm {
  if (isSupported(algorithm)) return algorithm;
  throw new InvalidDigestError(
    `unsupported digest algorithm ${JSON.stringify(algorithm)} (supported: ${DIGEST_ALGORITHMS.join(', ')})`,
  );
}

export function digestOf(data: Buffer | Uint8Array | string, algorithm: DigestAlgorithm = 'sha256'): string {
  const checked = assertDigestAlgorithm(algorithm);
  return `${checked}:${createHash(checked).update(data).digest('hex')}`;
}
