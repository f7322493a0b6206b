import type { LinuxResources } from '../oci';
import { InvalidStateError } from '../errors';
import { loadContainerCgroups, tryLoadContainerCgroups, watchOom } from '../cgroups-adapter';
import { containerStatus, stateOutput, type StateOutput } from '../state/status';
import type { RuntimeContext } from './context';

/** `state`: runc's state JSON for one container. */
export function containerState(ctx: RuntimeContext, id: string): StateOutput {
  const record = ctx.store.load(id);
  return stateOutput(record, containerStatus(record, ctx.store.fifoPath(id)));
}

/** `list`: every container under --root. */
export function listContainers(ctx: RuntimeContext): StateOutput[] {
  const out: StateOutput[] = [];
  for (const id of ctx.store.ids()) {
    try {
      out.push(containerState(ctx, id));
    } catch {
      // deleted while listing
    }
  }
  return out;
}

/** `ps`: pids of the container's processes (from its cgroup, or just init without one). */
export function containerPids(ctx: RuntimeContext, id: string): number[] {
  const record = ctx.store.load(id);
  const status = containerStatus(record, ctx.store.fifoPath(id));
  const cgroups = tryLoadContainerCgroups(record.cgroupPaths);
  if (cgroups) return cgroups.getPids(true);
  return status === 'stopped' ? [] : [record.pid];
}

/** `events --stats`: the cgroup statistics of a container that is not stopped. */
export function containerStats(ctx: RuntimeContext, id: string): unknown {
  const record = ctx.store.load(id);
  if (containerStatus(record, ctx.store.fifoPath(id)) === 'stopped')
    throw new InvalidStateError('container not running');
  return loadContainerCgroups(record.cgroupPaths, 'stats').getStats();
}

/** `update`: new resource limits, applied to the cgroups and kept in the stored config. */
export async function updateContainer(
  ctx: RuntimeContext,
  id: string,
  resources: LinuxResources,
): Promise<void> {
  await ctx.store.locked(id, async () => {
    const record = ctx.store.load(id);
    if (containerStatus(record, ctx.store.fifoPath(id)) === 'stopped')
      throw new InvalidStateError('container not running');
    loadContainerCgroups(record.cgroupPaths, 'update').set(resources);
    const linux = (record.config.linux ??= {});
    linux.resources = { ...linux.resources, ...resources };
    ctx.store.save(record);
  });
}

/** Calls onOom each time the OOM killer hits the container; returns a function that stops watching. */
export function watchContainerOom(ctx: RuntimeContext, id: string, onOom: () => void): () => void {
  const record = ctx.store.load(id);
  const cgroups = tryLoadContainerCgroups(record.cgroupPaths);
  return cgroups ? watchOom(cgroups, onOom) : () => {};
}
