import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { UnavailableError } from '../errors/classes';
import { acquireFileLock, withFileLock } from './file-lock';
import { KeyedMutex } from './keyed-mutex';
import { isProcessAlive, processStartTime } from './process-identity';

describe('acquireFileLock', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'berth-kit-lock-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('is exclusive until released, and leaves nothing behind', async () => {
    const path = join(dir, 'a.lock');
    const lock = await acquireFileLock(path);
    const second = acquireFileLock(path);
    await expect(second).rejects.toThrow(UnavailableError);
    await expect(acquireFileLock(path)).rejects.toMatchObject({
      reason: 'LOCK_HELD',
      details: { path, pid: process.pid },
    });
    await lock.release();
    await lock.release();
    await (await acquireFileLock(path)).release();
    expect(readdirSync(dir)).toEqual([]);
  });

  it('breaks a lock whose owner has exited', async () => {
    const path = join(dir, 'a.lock');
    const { pid } = spawnSync(process.execPath, ['-e', '0']);
    writeFileSync(path, JSON.stringify({ pid, token: 'dead' }));
    await (await acquireFileLock(path)).release();
    expect(readdirSync(dir)).toEqual([]);
  });

  it('breaks a lock whose pid now belongs to another process', async () => {
    const path = join(dir, 'a.lock');
    writeFileSync(path, JSON.stringify({ pid: process.pid, start: 'not-my-start-time', token: 'old' }));
    await (await acquireFileLock(path)).release();
  });

  it('breaks a lock file it cannot read as a lock', async () => {
    const path = join(dir, 'a.lock');
    writeFileSync(path, 'garbage');
    await (await acquireFileLock(path)).release();
  });

  it('does not delete a lock someone else took after breaking ours', async () => {
    const path = join(dir, 'a.lock');
    const lock = await acquireFileLock(path);
    writeFileSync(path, JSON.stringify({ pid: process.pid, token: 'someone-else' }));
    await lock.release();
    expect(readdirSync(dir)).toEqual(['a.lock']);
  });

  it('withFileLock releases when the function throws', async () => {
    const path = join(dir, 'a.lock');
    await expect(
      withFileLock(path, async () => {
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(readdirSync(dir)).toEqual([]);
  });
});

describe('process identity', () => {
  it('knows this process is alive and an exited one is not', () => {
    expect(isProcessAlive(process.pid, processStartTime(process.pid))).toBe(true);
    const { pid } = spawnSync(process.execPath, ['-e', '0']);
    expect(isProcessAlive(pid!)).toBe(false);
  });
});

describe('KeyedMutex', () => {
  it('serialises calls with one key in call order and lets other keys through', async () => {
    const mutex = new KeyedMutex();
    const events: string[] = [];
    let openGate!: () => void;
    const gate = new Promise<void>((resolve) => (openGate = resolve));

    const first = mutex.run('c1', async () => {
      events.push('first start');
      await gate;
      events.push('first end');
    });
    const second = mutex.run('c1', async () => {
      events.push('second');
    });
    const other = mutex.run('c2', async () => {
      events.push('other key');
    });
    await other;
    expect(events).toEqual(['first start', 'other key']);
    openGate();
    await Promise.all([first, second]);
    expect(events).toEqual(['first start', 'other key', 'first end', 'second']);
    expect(mutex.isLocked('c1')).toBe(false);
  });

  it('lets the next caller in when a holder throws', async () => {
    const mutex = new KeyedMutex();
    await expect(mutex.run('k', () => Promise.reject(new Error('x')))).rejects.toThrow('x');
    await expect(mutex.run('k', () => 42)).resolves.toBe(42);
  });
});
