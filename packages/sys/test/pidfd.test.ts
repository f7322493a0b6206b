import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { release } from 'node:os';
import {
  closeFd,
  onPidfdExit,
  pidfdOpen,
  pidfdPid,
  pidfdSendSignal,
  PidfdWatcher,
  setChildSubreaper,
  socketpair,
  SysError,
  type ExitStatus,
} from '../src';
import { DIST_INDEX, exitOf, killQuietly, openFds, readAll, startOrphan } from './helpers';

function expectSysError(action: () => unknown, expected: Partial<SysError>): void {
  let thrown: unknown;
  try {
    action();
  } catch (error) {
    thrown = error;
  }
  expect(thrown).toBeInstanceOf(SysError);
  expect(thrown).toMatchObject(expected);
}

describe('pidfd', () => {
  let fdsBefore: number[];

  beforeEach(() => {
    fdsBefore = openFds();
  });

  afterEach(() => {
    expect(openFds()).toEqual(fdsBefore);
  });

  it('signals a child_process child and reports its exit without taking it from libuv', async () => {
    const child = spawn('sleep', ['1000'], { stdio: 'ignore' });
    const pidfd = pidfdOpen(child.pid as number);
    try {
      expect(pidfdPid(pidfd)).toBe(child.pid);
      const exited = onPidfdExit(pidfd, { reap: false });
      pidfdSendSignal(pidfd, 'SIGKILL');
      const status = await exited;
      expect(status).toEqual({
        pid: child.pid,
        exitCode: null,
        signal: 'SIGKILL',
        signalNumber: 9,
        status: 137,
        coreDumped: false,
      });
      expect(await exitOf(child)).toEqual([null, 'SIGKILL']);
    } finally {
      killQuietly(child.pid);
      closeFd(pidfd);
    }
  });

  // PIDFD_INFO_EXIT arrived in Linux 6.15.
  const [major, minor] = release().split('.').map(Number);
  const keepsExitStatus = major > 6 || (major === 6 && minor >= 15);

  (keepsExitStatus ? it : it.skip)(
    'still reports the status after libuv reaped the child first',
    async () => {
      const child = spawn('sh', ['-c', 'exit 5'], { stdio: 'ignore' });
      const pidfd = pidfdOpen(child.pid as number);
      try {
        expect(await exitOf(child)).toEqual([5, null]);
        // Watching began after the reap, so the pid is no longer known.
        expect(await onPidfdExit(pidfd, { reap: false })).toMatchObject({ pid: 0, exitCode: 5, status: 5 });
      } finally {
        closeFd(pidfd);
      }
    },
  );

  it('accepts signal numbers, and 0 as an existence probe', async () => {
    const child = spawn('sleep', ['1000'], { stdio: 'ignore' });
    const pidfd = pidfdOpen(child.pid as number);
    try {
      const exited = new Promise<ExitStatus>((resolve, reject) => {
        new PidfdWatcher(pidfd, { reap: false }).once('exit', resolve).once('error', reject);
      });
      pidfdSendSignal(pidfd, 0);
      pidfdSendSignal(pidfd, 15);
      expect(await exited).toMatchObject({ pid: child.pid, exitCode: null, signal: 'SIGTERM', status: 143 });
      expect(await exitOf(child)).toEqual([null, 'SIGTERM']);
    } finally {
      killQuietly(child.pid);
      closeFd(pidfd);
    }
  });

  it('reaps a process that no child_process owns', async () => {
    setChildSubreaper(true);
    const orphan = await startOrphan(`sh -c 'read line <&3; exit 17'`);
    const pidfd = pidfdOpen(orphan.pid);
    try {
      const exited = onPidfdExit(pidfd);
      await orphan.release();
      expect(await exited).toMatchObject({ pid: orphan.pid, exitCode: 17, status: 17 });
      // Reaped: the pid is gone and the pidfd says so.
      expect(pidfdPid(pidfd)).toBeNull();
      expect(() => process.kill(orphan.pid, 0)).toThrow();
    } finally {
      killQuietly(orphan.pid);
      await orphan.release();
      closeFd(pidfd);
      setChildSubreaper(false);
    }
  });

  it('stops watching on close and never reports afterwards', async () => {
    const child = spawn('sleep', ['1000'], { stdio: 'ignore' });
    const pidfd = pidfdOpen(child.pid as number);
    try {
      const watcher = new PidfdWatcher(pidfd, { reap: false });
      const events: string[] = [];
      watcher.on('exit', () => events.push('exit')).on('error', () => events.push('error'));
      watcher.close();
      pidfdSendSignal(pidfd, 'SIGKILL');
      await exitOf(child);
      // A second watcher sees the exit, the closed one stayed silent.
      const aborted = new AbortController();
      aborted.abort();
      await expect(onPidfdExit(pidfd, { reap: false, signal: aborted.signal })).rejects.toMatchObject({
        code: 'Cancelled',
      });
      expect(events).toEqual([]);
    } finally {
      killQuietly(child.pid);
      closeFd(pidfd);
    }
  });

  it('lets the process exit while an unref-ed watcher waits', async () => {
    // A Node process that watches a long-running child with an unref-ed watcher must still end.
    const script = `
      const sys = require(${JSON.stringify(DIST_INDEX)});
      const child = require('node:child_process').spawn('sleep', ['1000'], { stdio: 'ignore' });
      child.unref();
      const watcher = new sys.PidfdWatcher(sys.pidfdOpen(child.pid), { reap: false }).unref();
      watcher.on('exit', () => console.log('unexpected exit event'));
      process.stdout.write(String(child.pid));
    `;
    const node = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
    const [output, [exitCode]] = await Promise.all([readAll(node.stdout), exitOf(node)]);
    const sleeperPid = Number(output.trim());
    killQuietly(sleeperPid);
    expect(exitCode).toBe(0);
    expect(Number.isInteger(sleeperPid)).toBe(true);
  });

  it('reports a missing process as ESRCH', () => {
    const pidMax = Number(readFileSync('/proc/sys/kernel/pid_max', 'utf8'));
    expectSysError(() => pidfdOpen(pidMax + 1), { code: 'NotFound', errno: 'ESRCH', syscall: 'pidfd_open' });
  });

  it('reports a bad fd as EBADF', () => {
    const unusedFd = 1_000_000;
    expectSysError(() => pidfdSendSignal(unusedFd, 'SIGTERM'), {
      code: 'InvalidArgument',
      errno: 'EBADF',
      syscall: 'pidfd_send_signal',
    });
    const [a, b] = socketpair();
    try {
      // An fd that is not a pidfd is refused the same way.
      expectSysError(() => pidfdSendSignal(a, 'SIGTERM'), { errno: 'EBADF' });
      expectSysError(() => pidfdPid(a), { code: 'InvalidArgument' });
    } finally {
      closeFd(a);
      closeFd(b);
    }
  });

  it('rejects bad arguments before any system call', () => {
    expectSysError(() => pidfdOpen(0), { code: 'InvalidArgument', errno: undefined });
    expectSysError(() => pidfdOpen(1.5), { code: 'InvalidArgument' });
    expectSysError(() => pidfdSendSignal(-1, 'SIGTERM'), { code: 'InvalidArgument' });
    expectSysError(() => pidfdSendSignal(3, 'SIGNOPE' as NodeJS.Signals), { code: 'InvalidArgument' });
    expectSysError(() => pidfdSendSignal(3, 65), { code: 'InvalidArgument' });
  });
});
