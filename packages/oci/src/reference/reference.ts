import { digestProblem } from '../digest/digest';
import { InvalidReferenceError } from '../errors';
import {
  DEFAULT_DOMAIN,
  DEFAULT_TAG,
  DOMAIN,
  IMAGE_ID,
  LEGACY_DEFAULT_DOMAIN,
  NAME_TOTAL_LENGTH_MAX,
  OFFICIAL_REPO_PREFIX,
  PATH,
  TAG,
} from './grammar';

/** A normalised image reference: `docker.io/library/nginx:1.25@sha256:...`. */
export interface Reference {
  /** Registry host with optional port: `docker.io`, `localhost:5000`. */
  readonly domain: string;
  /** Repository path within the registry: `library/nginx`. */
  readonly path: string;
  readonly tag?: string;
  readonly digest?: string;
  /** `domain/path`. */
  readonly name: string;
  /** The short form docker prints: `nginx`, `user/repo`, `localhost:5000/a/b`. */
  readonly familiarName: string;
}

/** Splits off the registry the way docker does: the first component is a domain only if it looks like one. */
function splitDomain(name: string): { domain: string; path: string } {
  const slash = name.indexOf('/');
  const first = slash < 0 ? '' : name.slice(0, slash);
  const looksLikeDomain =
    slash >= 0 &&
    (first.includes('.') || first.includes(':') || first === 'localhost' || first.toLowerCase() !== first);
  let domain = looksLikeDomain ? first : DEFAULT_DOMAIN;
  let path = looksLikeDomain ? name.slice(slash + 1) : name;
  if (domain === LEGACY_DEFAULT_DOMAIN) domain = DEFAULT_DOMAIN;
  if (domain === DEFAULT_DOMAIN && !path.includes('/')) path = OFFICIAL_REPO_PREFIX + path;
  return { domain, path };
}

function familiarNameOf(domain: string, path: string): string {
  if (domain !== DEFAULT_DOMAIN) return `${domain}/${path}`;
  const short = path.startsWith(OFFICIAL_REPO_PREFIX) ? path.slice(OFFICIAL_REPO_PREFIX.length) : path;
  return short.includes('/') ? path : short;
}

/** Splits `name[:tag][@digest]`; a ':' before the last '/' belongs to a registry port. */
function splitTagAndDigest(input: string): { name: string; tag?: string; digest?: string } {
  const at = input.indexOf('@');
  const digest = at < 0 ? undefined : input.slice(at + 1);
  const rest = at < 0 ? input : input.slice(0, at);
  const colon = rest.lastIndexOf(':');
  const hasTag = colon > rest.lastIndexOf('/');
  const name = hasTag ? rest.slice(0, colon) : rest;
  const tag = hasTag ? rest.slice(colon + 1) : undefined;
  return { name, ...(tag === undefined ? {} : { tag }), ...(digest === undefined ? {} : { digest }) };
}

function build(domain: string, path: string, tag?: string, digest?: string): Reference {
  return {
    domain,
    path,
    ...(tag === undefined ? {} : { tag }),
    ...(digest === undefined ? {} : { digest }),
    name: `${domain}/${path}`,
    familiarName: familiarNameOf(domain, path),
  };
}

/**
 * Parses an image reference with docker's normalisation: `nginx` is docker.io/library/nginx,
 * `user/repo` is docker.io/user/repo, `index.docker.io` becomes docker.io. No tag is added:
 * use withDefaultTag for docker's implicit `:latest`.
 */
export function parseReference(input: string): Reference {
  if (typeof input !== 'string' || input === '')
    throw new InvalidReferenceError(String(input ?? ''), 'empty reference');
  const fail = (why: string): never => {
    throw new InvalidReferenceError(input, why);
  };
  if (IMAGE_ID.test(input)) fail('a 64-character hexadecimal string is an image ID, not a repository name');
  const { name: rawName, tag, digest } = splitTagAndDigest(input);
  if (rawName === '') fail('missing repository name');
  const { domain, path } = splitDomain(rawName);
  if (path.toLowerCase() !== path) fail('repository name must be lowercase');
  if (!DOMAIN.test(domain)) fail(`invalid registry host ${JSON.stringify(domain)}`);
  if (!PATH.test(path)) {
    fail(
      `invalid repository name ${JSON.stringify(path)}: components are lowercase letters and digits separated by ".", "_", "__" or "-"`,
    );
  }
  // The limit applies to the repository path, not the registry host (distribution/reference).
  if (path.length > NAME_TOTAL_LENGTH_MAX) {
    fail(`repository name must not be more than ${NAME_TOTAL_LENGTH_MAX} characters`);
  }
  if (tag !== undefined && !TAG.test(tag)) fail(`invalid tag ${JSON.stringify(tag)}`);
  if (digest !== undefined) {
    const problem = digestProblem(digest);
    if (problem !== undefined) fail(`invalid digest ${JSON.stringify(digest)}: ${problem}`);
  }
  return build(domain, path, tag, digest);
}

/** The full form: `docker.io/library/nginx:1.25@sha256:...`. */
export function formatReference(ref: Reference): string {
  return withSuffix(ref.name, ref);
}

/** The short form docker shows users: `nginx:latest`, `user/repo@sha256:...`. */
export function familiarString(ref: Reference): string {
  return withSuffix(ref.familiarName, ref);
}

function withSuffix(name: string, ref: Reference): string {
  const tagged = ref.tag === undefined ? name : `${name}:${ref.tag}`;
  return ref.digest === undefined ? tagged : `${tagged}@${ref.digest}`;
}

/** Adds `:latest` to a reference that has neither tag nor digest, as `docker pull` does. */
export function withDefaultTag(ref: Reference, tag: string = DEFAULT_TAG): Reference {
  if (ref.tag !== undefined || ref.digest !== undefined) return ref;
  if (!TAG.test(tag))
    throw new InvalidReferenceError(formatReference(ref), `invalid tag ${JSON.stringify(tag)}`);
  return build(ref.domain, ref.path, tag);
}
