import { join } from 'node:path';
import { UsageError } from '../errors';

/**
 * The engine's socket path: `-H unix:///path` (or a bare absolute path), else $BERTH_HOST, else
 * $BERTH_RUN/engine.sock, else /run/berth/engine.sock.
 */
export function resolveEngineSocket(host: string | undefined, env: NodeJS.ProcessEnv): string {
  const chosen = host || env.BERTH_HOST;
  if (!chosen) return join(env.BERTH_RUN || '/run/berth', 'engine.sock');
  if (chosen.startsWith('unix://')) {
    const path = chosen.slice('unix://'.length);
    if (!path.startsWith('/'))
      throw new UsageError(`invalid host "${chosen}": the socket path must be absolute`);
    return path;
  }
  if (chosen.startsWith('/')) return chosen;
  throw new UsageError(`invalid host "${chosen}": berth talks to the engine over unix:///path sockets only`);
}
