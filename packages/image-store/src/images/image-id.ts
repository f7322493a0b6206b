// Image IDs as docker users type them: the config digest (`sha256:<hex>`), its bare hex, or a
// unique prefix of at least 12 hex digits (what `docker images` shows). Untagged images (a build
// without -t) are recorded under their manifest digest, a name no image reference can produce.

const ID_QUERY = /^(?:sha256:)?([0-9a-f]{12,64})$/;
const UNTAGGED_NAME = /^sha256:[0-9a-f]{64}$/;

/** The hex an input could be an image ID or ID prefix of, if it looks like one. */
export function imageIdQuery(input: string): string | undefined {
  return ID_QUERY.exec(input)?.[1];
}

/**
 * The one image ID among `ids` that starts with `sha256:<hex>`; undefined when none does, and
 * `ambiguous` listing them when several do.
 */
export function matchImageId(
  hex: string,
  ids: Iterable<string>,
): { id: string } | { ambiguous: string[] } | undefined {
  const prefix = `sha256:${hex}`;
  const found = [...new Set([...ids].filter((id) => id.startsWith(prefix)))];
  if (found.length > 1) return { ambiguous: found.sort() };
  return found.length === 1 ? { id: found[0] as string } : undefined;
}

/** The record name of an untagged image: its manifest digest. */
export function untaggedName(manifestDigest: string): string {
  return manifestDigest;
}

export function isUntaggedName(name: string): boolean {
  return UNTAGGED_NAME.test(name);
}
