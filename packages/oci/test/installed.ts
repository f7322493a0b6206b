import { spawnSync } from 'node:child_process';

/** Whether a program runs here; suites that need a missing one are skipped, never faked. */
export function installed(program: string): boolean {
  return spawnSync(program, ['--version'], { stdio: 'ignore' }).status === 0;
}
