import { promises as fs } from 'node:fs';
import { StateLockedError } from '../errors';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Makes one daemon the only writer of a state directory: a pid file created exclusively. A pid
 * file left by a daemon that died (kill -9) is taken over, since its pid no longer runs.
 */
export async function acquireStateLock(file: string): Promise<() => Promise<void>> {
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      await fs.writeFile(file, `${process.pid}\n`, { flag: 'wx', mode: 0o600 });
      return async () => {
        await fs.rm(file, { force: true });
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = Number((await fs.readFile(file, 'utf8').catch(() => '')).trim());
      if (holder > 0 && holder !== process.pid && alive(holder)) {
        throw new StateLockedError(`state directory is in use by process ${holder} (lock ${file})`);
      }
      await fs.rm(file, { force: true });
    }
  }
  throw new StateLockedError(`cannot take the state lock ${file}`);
}
