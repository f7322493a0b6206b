import { closeSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { RuntimeError } from '../errors';
import { processAlive } from './process-info';

const RETRY_MS = 5;
const TIMEOUT_MS = 30_000;

/**
 * Serialises commands on one container: an exclusive lock file holding the owner's pid. A lock
 * whose owner died (kill -9 of a runtime) is taken over.
 */
export async function withContainerLock<T>(lockFile: string, fn: () => Promise<T>): Promise<T> {
  const deadline = Date.now() + TIMEOUT_MS;
  for (;;) {
    try {
      const fd = openSync(lockFile, 'wx', 0o600);
      writeSync(fd, String(process.pid));
      closeSync(fd);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      if (staleLock(lockFile)) continue;
      if (Date.now() > deadline)
        throw new RuntimeError('Unavailable', 'LOCKED', `container is locked by ${lockFile}`);
      await new Promise((resolve) => setTimeout(resolve, RETRY_MS));
    }
  }
  try {
    return await fn();
  } finally {
    try {
      unlinkSync(lockFile);
    } catch {
      // the container directory may have been deleted under the lock
    }
  }
}

function staleLock(lockFile: string): boolean {
  let owner: number;
  try {
    owner = Number(readFileSync(lockFile, 'utf8'));
  } catch {
    return true;
  }
  if (owner > 0 && processAlive(owner)) return false;
  try {
    unlinkSync(lockFile);
  } catch {
    // another waiter removed it first
  }
  return true;
}
