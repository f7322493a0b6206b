/** OCI layer whiteouts (image-spec layer.md) and their overlayfs forms. */
export const WHITEOUT_PREFIX = '.wh.';
export const OPAQUE_WHITEOUT = '.wh..wh..opq';
/** Other `.wh..wh.` names are AUFS bookkeeping (e.g. `.wh..wh.plnk`), not content: skipped. */
export const WHITEOUT_META_PREFIX = '.wh..wh.';
/** overlayfs marks a directory that hides everything below it with this xattr. */
export const OVERLAY_OPAQUE_XATTR = 'trusted.overlay.opaque';

export type WhiteoutKind = { kind: 'opaque' } | { kind: 'meta' } | { kind: 'file'; name: string } | undefined;

export function classifyWhiteout(base: string): WhiteoutKind {
  if (!base.startsWith(WHITEOUT_PREFIX)) return undefined;
  if (base === OPAQUE_WHITEOUT) return { kind: 'opaque' };
  if (base.startsWith(WHITEOUT_META_PREFIX)) return { kind: 'meta' };
  return { kind: 'file', name: base.slice(WHITEOUT_PREFIX.length) };
}

/** overlayfs whiteouts are character devices 0:0. */
export function isOverlayWhiteout(stats: { isCharacterDevice(): boolean; rdev: number }): boolean {
  return stats.isCharacterDevice() && stats.rdev === 0;
}
