import { spawn } from 'node:child_process';
import { once } from 'node:events';
import {
  closeFd,
  isChildSubreaper,
  onPidfdExit,
  OrphanReaper,
  pidfdOpen,
  reapOrphans,
  setChildSubreaper,
  SysError,
  type ExitStatus,
} from '../src';
import { exitOf, killQuietly, openFds, parentPid, startOrphan, type Orphan } from './helpers';

function exitOfPid(reaper: OrphanReaper, pid: number): Promise<ExitStatus> {
  return new Promise((resolve) => {
    const onExit = (status: ExitStatus): void => {
      if (status.pid !== pid) return;
      reaper.off('exit', onExit);
      resolve(status);
    };
    reaper.on('exit', onExit);
  });
}

describe('child subreaper', () => {
  const orphans: Orphan[] = [];
  let fdsBefore: number[];

  beforeAll(() => {
    setChildSubreaper(true);
  });

  afterAll(() => {
    setChildSubreaper(false);
  });

  beforeEach(() => {
    fdsBefore = openFds();
  });

  afterEach(async () => {
    for (const orphan of orphans.splice(0)) {
      killQuietly(orphan.pid);
      await orphan.release();
    }
    // Whatever a failed test left behind must not stay a zombie of the test process.
    reapOrphans();
    expect(openFds()).toEqual(fdsBefore);
  });

  it('reports the flag through prctl', () => {
    expect(isChildSubreaper()).toBe(true);
    setChildSubreaper(false);
    expect(isChildSubreaper()).toBe(false);
    setChildSubreaper(true);
    expect(isChildSubreaper()).toBe(true);
  });

  it('rejects a non-boolean flag', () => {
    expect(() => setChildSubreaper('yes' as unknown as boolean)).toThrow(SysError);
  });

  describe('OrphanReaper', () => {
    let reaper: OrphanReaper;

    beforeEach(() => {
      reaper = new OrphanReaper().start();
    });

    afterEach(() => {
      reaper.stop();
    });

    it('reaps an orphaned grandchild with its exit code', async () => {
      const orphan = await startOrphan(`sh -c 'read line <&3; exit 42'`);
      orphans.push(orphan);
      expect(parentPid(orphan.pid)).toBe(process.pid);

      const exited = exitOfPid(reaper, orphan.pid);
      await orphan.release();
      expect(await exited).toEqual({
        pid: orphan.pid,
        exitCode: 42,
        signal: null,
        signalNumber: null,
        status: 42,
        coreDumped: false,
      });
    });

    it('reports the signal that killed an orphan', async () => {
      const orphan = await startOrphan('sleep 1000');
      orphans.push(orphan);
      expect(parentPid(orphan.pid)).toBe(process.pid);

      const exited = exitOfPid(reaper, orphan.pid);
      process.kill(orphan.pid, 'SIGKILL');
      const status = await exited;
      expect(status).toMatchObject({ pid: orphan.pid, exitCode: null, signal: 'SIGKILL', signalNumber: 9 });
      expect(status.status).toBe(137);
    });

    it('leaves an orphan to the reaping PidfdWatcher that waits for it', async () => {
      const reaped: number[] = [];
      reaper.on('exit', (status) => reaped.push(status.pid));
      const orphan = await startOrphan(`sh -c 'read line <&3; exit 12'`);
      orphans.push(orphan);
      const pidfd = pidfdOpen(orphan.pid);
      try {
        const exited = onPidfdExit(pidfd);
        await orphan.release();
        expect(await exited).toMatchObject({ pid: orphan.pid, exitCode: 12 });
        expect(reaped).not.toContain(orphan.pid);
      } finally {
        closeFd(pidfd);
      }
    });

    it('leaves child_process children to libuv', async () => {
      const reaped: number[] = [];
      reaper.on('exit', (status) => reaped.push(status.pid));
      const child = spawn('sh', ['-c', 'exit 3'], { stdio: 'ignore' });
      const [exitCode] = await exitOf(child);
      // child_process saw the real status, so nobody took it from libuv.
      expect(exitCode).toBe(3);
      expect(reaped).not.toContain(child.pid);
    });
  });

  describe('reapOrphans', () => {
    it('reaps exited orphans and leaves the ones the caller skips', async () => {
      const first = await startOrphan(`sh -c 'read line <&3; exit 5'`);
      const second = await startOrphan(`sh -c 'read line <&3; exit 6'`);
      orphans.push(first, second);
      const pidfds = [pidfdOpen(first.pid), pidfdOpen(second.pid)];
      try {
        await Promise.all([first.release(), second.release()]);
        // Wait until both are zombies without reaping them.
        await Promise.all(pidfds.map((pidfd) => onPidfdExit(pidfd, { reap: false })));

        // The first zombie waitid(P_ALL) reports is skipped, so the other must be found by the child scan.
        const reaped = reapOrphans({ skip: (pid) => pid === first.pid });
        expect(reaped.map((status) => [status.pid, status.exitCode])).toEqual([[second.pid, 6]]);

        expect(reapOrphans().map((status) => [status.pid, status.exitCode])).toEqual([[first.pid, 5]]);
        expect(reapOrphans()).toEqual([]);
      } finally {
        pidfds.forEach(closeFd);
      }
    });

    it('never takes the status of a child_process child, even when it is a zombie first in line', async () => {
      const child = spawn('sh', ['-c', 'read line; exit 7'], { stdio: ['pipe', 'ignore', 'inherit'] });
      const orphan = await startOrphan(`sh -c 'read line <&3; exit 8'`);
      orphans.push(orphan);
      const pidfds = [pidfdOpen(child.pid as number), pidfdOpen(orphan.pid)];
      try {
        const childExit = once(child, 'exit');
        // Watch before the exits so both are seen as zombies, before libuv's SIGCHLD handling runs.
        const zombies = Promise.all(pidfds.map((pidfd) => onPidfdExit(pidfd, { reap: false })));
        child.stdin?.end('go\n');
        await orphan.release();
        await zombies;

        expect(reapOrphans().map((status) => [status.pid, status.exitCode])).toEqual([[orphan.pid, 8]]);
        expect((await childExit)[0]).toBe(7);
      } finally {
        pidfds.forEach(closeFd);
      }
    });
  });
});
