import { CommandFailedError } from '../errors';
import { run } from '../util/run';

/**
 * Runs `ip` commands as one `ip -batch -` process (stopping at the first failure), in the host
 * namespace or, when `netnsPath` is given, inside that namespace through nsenter.
 */
export async function ipBatch(lines: string[], netnsPath?: string): Promise<void> {
  if (lines.length === 0) return;
  const input = `${lines.join('\n')}\n`;
  if (netnsPath) await run('nsenter', [`--net=${netnsPath}`, '--', 'ip', '-batch', '-'], { input });
  else await run('ip', ['-batch', '-'], { input });
}

// $1: the host batch, $2: the namespace; the container batch comes on stdin. `printf` is a
// builtin of sh, and the second `ip` only runs when the first succeeded.
const HOST_THEN_NETNS = 'printf %s "$1" | ip -batch - && exec nsenter "--net=$2" -- ip -batch -';

/**
 * One `ip -batch` in the host namespace, then (only if it succeeded) one inside `netnsPath`,
 * from a single spawn: a spawn from the daemon costs more than the small shell's fork + exec.
 * Fails with the first failing batch's error; the caller undoes the host half.
 */
export async function ipBatchHostThenNetns(
  host: string[],
  inside: string[],
  netnsPath: string,
): Promise<void> {
  try {
    await run('sh', ['-c', HOST_THEN_NETNS, 'sh', `${host.join('\n')}\n`, netnsPath], {
      input: `${inside.join('\n')}\n`,
    });
  } catch (error) {
    // Name what ran rather than the shell with the whole batch as its argument.
    if (!(error instanceof CommandFailedError)) throw error;
    const command = `ip -batch - (host), then nsenter --net=${netnsPath} -- ip -batch -`;
    throw new CommandFailedError(command, error.exitCode, error.stderr);
  }
}
