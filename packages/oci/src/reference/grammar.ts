/**
 * The image reference grammar of the distribution project (reference/regexp.go semantics):
 * `[domain[:port]/]path-component(/path-component)*[:tag][@digest]`.
 */

const ALPHANUMERIC = '[a-z0-9]+';
const SEPARATOR = '(?:[._]|__|[-]+)';
const PATH_COMPONENT = `${ALPHANUMERIC}(?:${SEPARATOR}${ALPHANUMERIC})*`;
const DOMAIN_COMPONENT = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const IPV6 = '\\[[a-fA-F0-9:]+\\]';
const HOST = `(?:${DOMAIN_COMPONENT}(?:\\.${DOMAIN_COMPONENT})*|${IPV6})`;

export const PATH = new RegExp(`^${PATH_COMPONENT}(?:/${PATH_COMPONENT})*$`);
export const DOMAIN = new RegExp(`^${HOST}(?::[0-9]+)?$`);
export const TAG = /^[\w][\w.-]{0,127}$/;
/** A bare image ID, which docker refuses as a repository name to avoid confusion. */
export const IMAGE_ID = /^[a-f0-9]{64}$/;

/** Longest repository path (without the registry host). */
export const NAME_TOTAL_LENGTH_MAX = 255;
export const DEFAULT_DOMAIN = 'docker.io';
export const LEGACY_DEFAULT_DOMAIN = 'index.docker.io';
export const OFFICIAL_REPO_PREFIX = 'library/';
export const DEFAULT_TAG = 'latest';
