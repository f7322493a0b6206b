import { InvalidStateError } from '../errors';
import { tryLoadContainerCgroups } from '../cgroups-adapter';
import { signalInit } from '../state/signal-init';
import { containerStatus } from '../state/status';
import type { RuntimeContext } from './context';

/** `kill`: a signal to init, or with `all` to every process in the container's cgroup. */
export async function killContainer(
  ctx: RuntimeContext,
  id: string,
  signal: number,
  all = false,
): Promise<void> {
  const { store } = ctx;
  await store.locked(id, async () => {
    const record = store.load(id);
    const status = containerStatus(record, store.fifoPath(id));
    if (status === 'stopped' && !all) throw new InvalidStateError('container not running');
    if (all) {
      const cgroups = tryLoadContainerCgroups(record.cgroupPaths);
      const pids = cgroups ? cgroups.getPids(true) : [];
      // A frozen process only sees SIGKILL after thaw; runc thaws too.
      if (cgroups && status === 'paused') cgroups.thaw();
      for (const pid of pids) sendSignal(pid, signal);
      if (status !== 'stopped' && !pids.includes(record.pid))
        signalInit(record.pid, record.initStartTime, signal);
      return;
    }
    if (!signalInit(record.pid, record.initStartTime, signal))
      throw new InvalidStateError('container not running');
  });
}

/** Processes found in the container's cgroup a moment ago; one may have exited since. */
function sendSignal(pid: number, signal: number): void {
  try {
    process.kill(pid, signal);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
  }
}
