import { closeSync, openSync, readSync, writeSync } from 'node:fs';
import * as path from 'node:path';
import { closeFd, getWinsize, openPty, setWinsize, SysError } from '../src';
import { isCloseOnExec, makeTempDir, openFds, removeTempDir } from './helpers';

describe('pty', () => {
  let fdsBefore: number[];

  beforeEach(() => {
    fdsBefore = openFds();
  });

  afterEach(() => {
    expect(openFds()).toEqual(fdsBefore);
  });

  it('opens a pair whose slave output arrives on the master', () => {
    const pty = openPty();
    try {
      expect(pty.ptsName).toMatch(/^\/dev\/pts\/\d+$/);
      expect(isCloseOnExec(pty.master)).toBe(true);
      expect(isCloseOnExec(pty.slave)).toBe(true);

      writeSync(pty.slave, 'ping\n');
      const buffer = Buffer.alloc(64);
      const length = readSync(pty.master, buffer);
      expect(buffer.subarray(0, length).toString()).toBe('ping\r\n');
    } finally {
      closeFd(pty.master);
      closeFd(pty.slave);
    }
  });

  it('opens the slave path as the same terminal', () => {
    const pty = openPty();
    const byPath = openSync(pty.ptsName, 'r+');
    try {
      setWinsize(pty.master, 24, 80);
      expect(getWinsize(byPath)).toEqual({ rows: 24, cols: 80 });
    } finally {
      closeSync(byPath);
      closeFd(pty.master);
      closeFd(pty.slave);
    }
  });

  it('round-trips the window size between master and slave', () => {
    const pty = openPty();
    try {
      setWinsize(pty.master, 50, 132);
      expect(getWinsize(pty.slave)).toEqual({ rows: 50, cols: 132 });
      setWinsize(pty.slave, 0xffff, 1);
      expect(getWinsize(pty.master)).toEqual({ rows: 0xffff, cols: 1 });
    } finally {
      closeFd(pty.master);
      closeFd(pty.slave);
    }
  });

  it('rejects sizes out of range and fds that are not terminals', () => {
    const dir = makeTempDir();
    const file = openSync(path.join(dir, 'plain'), 'w');
    const pty = openPty();
    try {
      expect(() => setWinsize(pty.master, 70000, 80)).toThrow(/rows must be an integer from 0 to 65535/);
      expect(() => setWinsize(pty.master, 24, -1)).toThrow(SysError);
      expect(() => getWinsize(file)).toThrow(
        expect.objectContaining({ code: 'InvalidArgument', errno: 'ENOTTY', syscall: 'ioctl(TIOCGWINSZ)' }),
      );
    } finally {
      closeSync(file);
      closeFd(pty.master);
      closeFd(pty.slave);
      removeTempDir(dir);
    }
  });
});
