import { closeSync, fstatSync, mkdtempSync, openSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { task } from '@berth/api';
import { PipeIo } from './pipe-io';

describe('PipeIo', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(path.join(tmpdir(), 'pipe-io-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  // A shim holds many containers: the numbers of the process's ends, closed at hand-over, are
  // soon someone else's (a pidfd, a log). Closing them again on Delete lost another's exit.
  it('closes the process ends once: close() after handedOver() leaves reused fd numbers alone', async () => {
    const io = await PipeIo.open(
      task.v1.Stdio.fromPartial({ log: { path: path.join(dir, 'log.json') } }),
      dir,
    );
    const processEnds = io.containerStdio.filter((fd): fd is number => typeof fd === 'number');
    expect(processEnds).toHaveLength(2);
    io.handedOver();
    const others: number[] = [];
    try {
      // Take the lowest free numbers until both freed ones belong to someone else.
      while (!processEnds.every((fd) => others.includes(fd)) && others.length < 64)
        others.push(openSync('/dev/null', 'r'));
      expect(others).toEqual(expect.arrayContaining(processEnds));
      io.handedOver();
      io.close();
      for (const fd of others) expect(fstatSync(fd).isCharacterDevice()).toBe(true);
    } finally {
      for (const fd of others) closeSync(fd);
    }
  });

  it('closes every fd it opened when the caller named a bad output', async () => {
    const before = fdCount();
    await expect(PipeIo.open(task.v1.Stdio.fromPartial({ stdout: 'relative/out' }), dir)).rejects.toThrow(
      /stdio.stdout/,
    );
    expect(fdCount()).toBe(before);
  });
});

function fdCount(): number {
  return readdirSync('/proc/self/fd').length;
}
