import type { Check } from './check';
import { rule } from './check';
import { anyString, matching, quote } from './primitives';
import { recordOf } from './structures';

// RFC 6838 section 4.2 restricted names: type "/" subtype, each 1..127 characters.
const MEDIA_TYPE = /^[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,126}\/[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,126}$/;

export const mediaTypeString: Check<string> = matching(MEDIA_TYPE, 'a media type like "application/json"');

/** Labels and other string-to-string maps. */
export const stringMap: Check<Record<string, string>> = recordOf(anyString);

/** Annotations: string values under non-empty keys (runtime-spec config.md). */
export const annotations: Check<Record<string, string>> = recordOf(anyString, (key) =>
  key === '' ? 'annotation keys must not be empty' : undefined,
);

export const urlString: Check<string> = rule(anyString, (s) =>
  URL.canParse(s) ? undefined : `must be a URL, got ${quote(s)}`,
);

// RFC 3339 date-time, as the image spec requires for `created`.
const RFC3339 = /^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:[Zz]|[+-]\d{2}:\d{2})$/;

export const rfc3339Date: Check<string> = rule(anyString, (s) =>
  RFC3339.test(s) && !Number.isNaN(Date.parse(s))
    ? undefined
    : `must be an RFC 3339 date-time, got ${quote(s)}`,
);

/** `KEY=value` environment entries: a non-empty name and an '=' (runc refuses anything else). */
export const envEntry: Check<string> = rule(anyString, (s) => {
  const equals = s.indexOf('=');
  if (equals < 0) return `environment entry ${quote(s)} has no '='`;
  if (equals === 0) return `environment entry ${quote(s)} has an empty name`;
  return undefined;
});
