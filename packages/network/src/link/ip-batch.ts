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
