// The addon's helper spawn and the control channel, against /bin/sh standing in for berth-init.
import { closeSync, readdirSync } from 'node:fs';
import { ControlChannel } from './control-channel';
import { runtimeAddon } from './runtime-addon';

interface Run {
  lines: string[];
  ended: Promise<void>;
  channel: ControlChannel;
  pid: number;
  pidfd: number;
}

/** Starts `sh -c script` with its control socket as fd 3 (args: the script, then "3"). */
function start(script: string, fds = [-1, -1, 2]): Run {
  const { control, job } = runtimeAddon().spawnHelper('/bin/sh', ['-c', script, 'sh'], fds);
  const { pid, pidfd } = runtimeAddon().helperPid(job);
  const lines: string[] = [];
  let onEnd = (): void => {};
  const ended = new Promise<void>((resolve) => (onEnd = resolve));
  const channel = new ControlChannel(control, (line) => lines.push(line), onEnd);
  return { lines, ended, channel, pid, pidfd };
}

/** Its exit code, once reaped; the pidfd is closed then. */
async function reaped(run: Run): Promise<number> {
  for (;;) {
    const code = runtimeAddon().reapHelper(run.pid, run.pidfd);
    if (code !== null) {
      closeSync(run.pidfd);
      return code;
    }
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

const openFds = (): string[] => readdirSync('/proc/self/fd').sort();

describe('helper spawn and control channel', () => {
  let before: string[];
  beforeEach(() => (before = openFds()));

  it('maps fds, delivers whole lines, reports EOF and the exit code', async () => {
    const run = start(
      'read x || echo "stdin: /dev/null" >&3; printf "one\\ntw" >&3; printf "o\\n" >&3; exit 7',
    );
    await run.ended;
    expect(run.lines).toEqual(['stdin: /dev/null', 'one', 'two']);
    expect(await reaped(run)).toBe(7);
    expect(openFds()).toEqual(before);
  });

  it('queues a write larger than the socket buffer until the helper reads it', async () => {
    const run = start('sleep 0.1; head -c 1048576 <&3 | wc -c >&3');
    run.channel.write(Buffer.alloc(1 << 20, 0x61));
    await run.ended;
    expect(run.lines.map(Number)).toEqual([1 << 20]);
    expect(await reaped(run)).toBe(0);
    expect(openFds()).toEqual(before);
  });

  it('kills through the pidfd and reports 128 + SIGKILL', async () => {
    const run = start('exec sleep 60');
    runtimeAddon().killHelper(run.pid, run.pidfd);
    await run.ended;
    expect(await reaped(run)).toBe(137);
    expect(run.lines).toEqual([]);
    expect(openFds()).toEqual(before);
  });

  it('names the missing program, and closes the control socket', async () => {
    const { control, job } = runtimeAddon().spawnHelper('/nonexistent/berth-init', [], []);
    await new Promise<void>((resolve) => new ControlChannel(control, () => {}, resolve));
    expect(() => runtimeAddon().helperPid(job)).toThrow(
      expect.objectContaining({
        code: 'ENOENT',
        message: expect.stringContaining('/nonexistent/berth-init'),
      }),
    );
    expect(openFds()).toEqual(before);
  });
});
