import { randomUUID } from 'node:crypto';
import { readdirSync } from 'node:fs';
import * as path from 'node:path';
import { InvalidArgumentError, probeUnixSocket } from '@berth/kit';
import { checkId } from './ids';
import { SHARED_KEY_PREFIX, shimLayout } from './shim-layout';

/**
 * Which containers share a shim: one shim per container (containerd's default), one per group
 * label (e.g. a pod), or shared shims each holding up to `maxPerShim` containers.
 */
export type GroupingPolicy = 'container' | 'group' | 'shared';
export const GROUPING_POLICIES: readonly GroupingPolicy[] = ['container', 'group', 'shared'];

export interface GroupingRequest {
  policy: GroupingPolicy;
  id: string;
  group?: string;
  maxPerShim?: number;
  run: string;
}

export function parsePolicy(value: string): GroupingPolicy {
  if (!(GROUPING_POLICIES as readonly string[]).includes(value))
    throw new InvalidArgumentError(
      `--grouping must be one of ${GROUPING_POLICIES.join(', ')}, got "${value}"`,
      {
        reason: 'BAD_FLAG',
      },
    );
  return value as GroupingPolicy;
}

/** The key (directory name) of the shim that should own container `id`. */
export async function chooseShimKey(request: GroupingRequest): Promise<string> {
  checkId(request.id, 'id');
  switch (request.policy) {
    case 'container':
      return request.id;
    case 'group':
      if (!request.group)
        throw new InvalidArgumentError('--group is required with --grouping group', { reason: 'BAD_FLAG' });
      return `group-${checkId(request.group, 'group')}`;
    case 'shared':
      return sharedShimKey(request.run, request.maxPerShim ?? 50);
  }
}

/** The first live shared shim with room, else a new one. */
async function sharedShimKey(run: string, maxPerShim: number): Promise<string> {
  if (!Number.isInteger(maxPerShim) || maxPerShim < 1)
    throw new InvalidArgumentError(`--max-per-shim must be a positive integer, got ${maxPerShim}`, {
      reason: 'BAD_FLAG',
    });
  for (const key of listShimKeys(run)
    .filter((k) => k.startsWith(SHARED_KEY_PREFIX))
    .sort()) {
    const layout = shimLayout(key, run);
    if ((await probeUnixSocket(layout.socket)) !== 'live') continue;
    if (readdirSync(layout.claimsDir).length < maxPerShim) return key;
  }
  return `${SHARED_KEY_PREFIX}${randomUUID().slice(0, 8)}`;
}

export function listShimKeys(run: string): string[] {
  try {
    return readdirSync(path.join(run, 'shims'), { withFileTypes: true })
      .filter((entry) => entry.isDirectory() && !entry.name.startsWith('.'))
      .map((entry) => entry.name);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}
