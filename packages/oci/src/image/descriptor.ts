import { digestOf, parseDigest } from '../digest/digest';
import type { Check } from '../validation/check';
import { refine, runCheck } from '../validation/check';
import { annotations, mediaTypeString, urlString } from '../validation/common-checks';
import { digestString } from '../validation/digest-check';
import { memberPath } from '../validation/issues';
import { anyString, integer, matching, nonEmptyString } from '../validation/primitives';
import { arrayOf, object, optional, required } from '../validation/structures';

/** Image-spec platform object (image-index.md), also used by Docker manifest lists. */
export interface Platform {
  architecture: string;
  os: string;
  'os.version'?: string;
  'os.features'?: string[];
  variant?: string;
  /** Reserved by the spec; kept for round-tripping. */
  features?: string[];
}

/** Image-spec content descriptor (descriptor.md). */
export interface Descriptor {
  mediaType: string;
  digest: string;
  size: number;
  urls?: string[];
  annotations?: Record<string, string>;
  /** Base64 of the embedded content, which must match digest and size. */
  data?: string;
  platform?: Platform;
  artifactType?: string;
}

export const platformCheck: Check<Platform> = object<Platform>({
  architecture: required(nonEmptyString),
  os: required(nonEmptyString),
  'os.version': optional(anyString),
  'os.features': optional(arrayOf(anyString)),
  variant: optional(anyString),
  features: optional(arrayOf(anyString)),
});

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

export const descriptorCheck: Check<Descriptor> = refine(
  object<Descriptor>({
    mediaType: required(mediaTypeString),
    digest: required(digestString),
    size: required(integer({ min: 0, max: Number.MAX_SAFE_INTEGER })),
    urls: optional(arrayOf(urlString)),
    annotations: optional(annotations),
    data: optional(matching(BASE64, 'base64 (RFC 4648)')),
    platform: optional(platformCheck),
    artifactType: optional(mediaTypeString),
  }),
  (descriptor, path, issues) => {
    if (descriptor.data === undefined) return;
    // The spec makes embedded data subject to the same verification as fetched content.
    const bytes = Buffer.from(descriptor.data, 'base64');
    const dataPath = memberPath(path, 'data');
    if (bytes.byteLength !== descriptor.size) {
      issues.add(dataPath, `decodes to ${bytes.byteLength} bytes but size is ${descriptor.size}`);
      return;
    }
    const { algorithm } = parseDigest(descriptor.digest);
    const actual = digestOf(bytes, algorithm);
    if (actual !== descriptor.digest)
      issues.add(dataPath, `content digest ${actual} does not match ${descriptor.digest}`);
  },
);

export function parseDescriptor(json: unknown): Descriptor {
  return runCheck(descriptorCheck, json);
}
