// `depends_on: condition: service_healthy`: the engine runs each container's healthcheck and
// keeps its health (State.Health); compose waits, as docker compose does, by asking for it
// until the container is healthy, and fails once it is unhealthy or has stopped.
import type { Engine } from '../engine/engine';
import { DependencyFailedError } from '../errors';

const POLL_MS = 200;

interface InspectedHealth {
  Config?: { Healthcheck?: { Test?: string[] } };
  State?: { Status?: string; ExitCode?: number; Health?: { Status?: string } };
}

export async function waitHealthy(
  engine: Engine,
  container: string,
  signal: AbortSignal,
  pollMs = POLL_MS,
): Promise<void> {
  for (;;) {
    const doc = JSON.parse((await engine.inspectContainer(container)).json) as InspectedHealth;
    const test = doc.Config?.Healthcheck?.Test ?? [];
    if (test.length === 0 || test[0] === 'NONE')
      throw new DependencyFailedError(`container ${container} has no healthcheck configured`);
    const status = doc.State?.Status;
    if (status === 'exited' || status === 'dead')
      throw new DependencyFailedError(`container ${container} exited (${doc.State?.ExitCode ?? 0})`);
    const health = doc.State?.Health?.Status;
    if (health === 'healthy') return;
    if (health === 'unhealthy') throw new DependencyFailedError(`container ${container} is unhealthy`);
    await abortableSleep(pollMs, signal);
  }
}

function abortableSleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
