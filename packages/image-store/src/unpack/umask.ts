import { readFileSync } from 'node:fs';

/**
 * The process umask, read from /proc (reading it through process.umask() is deprecated, and
 * setting it to read it would race with other work in the daemon). Falls back to the common 022.
 */
export function currentUmask(statusPath = '/proc/self/status'): number {
  try {
    const match = /^Umask:\s*([0-7]+)$/m.exec(readFileSync(statusPath, 'utf8'));
    if (match) return Number.parseInt(match[1]!, 8);
  } catch {
    // no /proc: keep the default
  }
  return 0o022;
}
