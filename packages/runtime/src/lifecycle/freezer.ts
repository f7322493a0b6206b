import { InvalidStateError } from '../errors';
import { loadContainerCgroups } from '../cgroups-adapter';
import { containerStatus } from '../state/status';
import type { RuntimeContext } from './context';

/** `pause`: freezes every process of a running container. */
export async function pauseContainer(ctx: RuntimeContext, id: string): Promise<void> {
  await ctx.store.locked(id, async () => {
    const record = ctx.store.load(id);
    const status = containerStatus(record, ctx.store.fifoPath(id));
    if (status !== 'running' && status !== 'created') throw new InvalidStateError('container not running');
    loadContainerCgroups(record.cgroupPaths, 'pause').freeze();
  });
}

/** `resume`: thaws a paused container. */
export async function resumeContainer(ctx: RuntimeContext, id: string): Promise<void> {
  await ctx.store.locked(id, async () => {
    const record = ctx.store.load(id);
    if (containerStatus(record, ctx.store.fifoPath(id)) !== 'paused')
      throw new InvalidStateError('container not paused');
    loadContainerCgroups(record.cgroupPaths, 'resume').thaw();
  });
}
