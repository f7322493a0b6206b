import { acquireFileLock } from '../../src/lock/file-lock';

// Takes the lock at argv[2], prints "locked", releases it when a line arrives on stdin and then
// prints "released"; or dies holding it when killed.
async function main(path: string): Promise<void> {
  const lock = await acquireFileLock(path);
  process.stdout.write('locked\n');
  process.stdin.once('data', () => {
    void lock.release().then(() => {
      process.stdout.write('released\n');
      process.exit(0);
    });
  });
}

void main(process.argv[2]!);
