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

/**
 * Resolves once the container is healthy; fails once it is unhealthy or has stopped. Without
 * a healthcheck it fails, unless `runningWithout` (`up --wait`): then running is enough.
 * Says which of the two it found.
 */
export async function waitHealthy(
  engine: Engine,
  container: string,
  signal: AbortSignal,
  options: { runningWithout?: boolean; pollMs?: number } = {},
): Promise<'healthy' | 'running'> {
  for (;;) {
    const doc = JSON.parse((await engine.inspectContainer(container)).json) as InspectedHealth;
    const test = doc.Config?.Healthcheck?.Test ?? [];
    const status = doc.State?.Status;
    if (status === 'exited' || status === 'dead')
      throw new DependencyFailedError(`container ${container} exited (${doc.State?.ExitCode ?? 0})`);
    if (test.length === 0 || test[0] === 'NONE') {
      if (options.runningWithout && status === 'running') return 'running';
      if (!options.runningWithout)
        throw new DependencyFailedError(`container ${container} has no healthcheck configured`);
    }
    const health = doc.State?.Health?.Status;
    if (health === 'healthy') return 'healthy';
    if (health === 'unhealthy') throw new DependencyFailedError(`container ${container} is unhealthy`);
    await abortableSleep(options.pollMs ?? POLL_MS, signal);
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
