import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { acquireFileLock } from '../src/lock/file-lock';
import { spawnTsChild, type TsChild } from './support/child-process';

// Two real processes contending for one lock file.
describe('file lock across processes', () => {
  let dir: string;
  let holder: TsChild | undefined;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'berth-kit-lock-'));
  });
  afterEach(() => {
    holder?.kill();
    holder = undefined;
    rmSync(dir, { recursive: true, force: true });
  });

  it('excludes another process until it releases', async () => {
    const path = join(dir, 'state.lock');
    holder = spawnTsChild('lock-holder', [path]);
    expect(await holder.nextLine()).toBe('locked');

    await expect(acquireFileLock(path)).rejects.toThrow(`${path} is locked by process ${holder.child.pid}`);

    const waiting = acquireFileLock(path, { timeoutMs: 60_000, pollMs: 10 });
    holder.child.stdin!.write('release\n');
    expect(await holder.nextLine()).toBe('released');
    const lock = await waiting;
    await lock.release();
    expect(existsSync(path)).toBe(false);
  });

  it('breaks the lock of a process killed with SIGKILL', async () => {
    const path = join(dir, 'state.lock');
    holder = spawnTsChild('lock-holder', [path]);
    expect(await holder.nextLine()).toBe('locked');
    holder.child.kill('SIGKILL');
    await holder.exited;
    expect(existsSync(path)).toBe(true);

    const lock = await acquireFileLock(path);
    await lock.release();
  });
});
