import { closeSync, openSync, renameSync, writeSync } from 'node:fs';

/**
 * Writes JSON so a reader sees the old or the new document, never half of one (temp + rename).
 * No fsync, as in runc: the state describes processes, which a power loss ends anyway, and it
 * lives on tmpfs (/run) by default.
 */
export function writeJsonAtomic(file: string, value: unknown): void {
  const tmp = `${file}.${process.pid}.tmp`;
  const fd = openSync(tmp, 'w', 0o600);
  try {
    writeSync(fd, JSON.stringify(value));
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, file);
}
