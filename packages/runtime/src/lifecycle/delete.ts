import { InvalidStateError } from '../errors';
import { tryLoadContainerCgroups } from '../cgroups-adapter';
import { runHostHooksWarning } from '../hooks/host-hooks';
import { signalInit } from '../state/signal-init';
import { containerStatus, ociState } from '../state/status';
import type { RuntimeContext } from './context';
import { waitGone } from './wait-gone';

/** `delete`: removes a stopped (or created) container; --force kills a running one first. */
export async function deleteContainer(ctx: RuntimeContext, id: string, force = false): Promise<void> {
  const { store } = ctx;
  await store.locked(id, async () => {
    const record = store.load(id);
    const status = containerStatus(record, store.fifoPath(id));
    if ((status === 'running' || status === 'paused') && !force) {
      throw new InvalidStateError(`cannot delete container ${id} that is not stopped: ${status}`);
    }
    const cgroups = tryLoadContainerCgroups(record.cgroupPaths);
    if (status !== 'stopped') {
      for (const pid of cgroups?.getPids(true) ?? []) signal(pid);
      if (status === 'paused') cgroups?.thaw();
      signalInit(record.pid, record.initStartTime, 9);
      if (!(await waitGone(record.pid, record.initStartTime)))
        ctx.warn(`init ${record.pid} of ${id} did not die`);
    }
    try {
      cgroups?.destroy();
    } catch (error) {
      ctx.warn(`remove cgroups of ${id}: ${(error as Error).message}`);
    }
    await runHostHooksWarning(
      'poststop',
      record.config.hooks?.poststop,
      JSON.stringify(ociState(record, 'stopped')),
      ctx.warn,
    );
    store.remove(id);
  });
}

function signal(pid: number): void {
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    // already gone
  }
}
