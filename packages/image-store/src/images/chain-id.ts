import { digestOf } from '@berth/oci';

/**
 * ChainIDs of a layer stack (image-spec config.md): the first is the first diffID, each next one
 * is sha256 of "<previous chainID> <diffID>". A committed snapshot is named by its ChainID, so
 * images sharing a base share its snapshots.
 */
export function chainIds(diffIds: readonly string[]): string[] {
  const result: string[] = [];
  for (const diffId of diffIds) {
    const previous = result[result.length - 1];
    result.push(previous === undefined ? diffId : digestOf(`${previous} ${diffId}`));
  }
  return result;
}
