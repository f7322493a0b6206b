import { formatReference, parseReference, withDefaultTag, type Reference } from '@berth/oci';

/**
 * Berth keeps images under fully qualified names (`docker.io/library/busybox:latest`), the way
 * containerd does, so the same image pulled as `busybox` and `docker.io/library/busybox` is one
 * record. A name given by digest keeps its digest (`…/busybox@sha256:…`).
 */
export function canonicalImageName(input: string): { name: string; reference: Reference } {
  const reference = withDefaultTag(parseReference(input));
  return { name: formatReference(reference), reference };
}
