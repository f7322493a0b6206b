import { closeSync, constants, openSync, readSync, unlinkSync } from 'node:fs';
import { ContainerSetupError, InvalidStateError } from '../errors';
import { runHostHooksWarning } from '../hooks/host-hooks';
import { sameProcessAlive } from '../state/process-info';
import { containerStatus, ociState } from '../state/status';
import type { RuntimeContext } from './context';

const POLL_MS = 1;
// Init writes its byte as soon as it runs after our open; the first retries only yield to the
// event loop, as a 1 ms timer would add a millisecond to every start.
const QUICK_RETRIES = 20;

/** `start`: opens the exec fifo, which lets the blocked init exec the process; then poststart hooks. */
export async function startContainer(ctx: RuntimeContext, id: string): Promise<void> {
  const { store } = ctx;
  await store.locked(id, async () => {
    const record = store.load(id);
    const fifo = store.fifoPath(id);
    const status = containerStatus(record, fifo);
    if (status === 'stopped') throw new InvalidStateError('cannot start a container that has stopped');
    if (status !== 'created') throw new InvalidStateError('cannot start an already running container');
    await releaseFifo(fifo, record.pid, record.initStartTime);
    await runHostHooksWarning(
      'poststart',
      record.config.hooks?.poststart,
      JSON.stringify(ociState(record, 'running')),
      ctx.warn,
    );
  });
}

function readByte(fd: number, buf: Buffer): boolean {
  try {
    return readSync(fd, buf, 0, 1, null) === 1;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EAGAIN') throw error;
    return false;
  }
}

/** Reads the byte init writes once it sees a reader; fails if init dies first instead of hanging. */
async function releaseFifo(fifo: string, pid: number, startTime: string): Promise<void> {
  const fd = openSync(fifo, constants.O_RDONLY | constants.O_NONBLOCK);
  try {
    const buf = Buffer.alloc(1);
    let attempt = 0;
    for (;;) {
      if (readByte(fd, buf)) break;
      // Init may have written, exec'd and exited (a short process) since the read: read again.
      if (!sameProcessAlive(pid, startTime)) {
        if (readByte(fd, buf)) break;
        throw new ContainerSetupError('container init exited before it was started');
      }
      await new Promise((resolve) =>
        attempt++ < QUICK_RETRIES ? setImmediate(resolve) : setTimeout(resolve, POLL_MS),
      );
    }
  } finally {
    closeSync(fd);
  }
  unlinkSync(fifo);
}
