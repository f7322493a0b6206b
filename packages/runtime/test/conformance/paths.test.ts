// config-linux.md "Masked Paths" and "Readonly Paths".
import { Harness } from './support/harness';

const h = new Harness('paths');
afterEach(() => h.cleanup());
afterAll(() => h.dispose());

describe('masked and read-only paths', () => {
  it('masks files with the null device and directories with an empty read-only tmpfs', async () => {
    const r = await h.run(
      [
        'sh',
        '-c',
        'wc -c < /proc/timer_list; ls /sys/firmware | wc -l; touch /sys/firmware/x 2>/dev/null || echo ro',
      ],
      (s) => {
        s.linux.maskedPaths = ['/proc/timer_list', '/sys/firmware', '/does/not/exist'];
      },
    );
    expect(r.stdout.split('\n').map((l) => l.trim())).toEqual(['0', '0', 'ro', '']);
  });

  it('makes readonlyPaths read-only', async () => {
    const r = await h.run(
      ['sh', '-c', 'echo 1 > /proc/sys/kernel/domainname 2>/dev/null && echo writable || echo read-only'],
      (s) => {
        s.linux.readonlyPaths = ['/proc/sys'];
        for (const set of ['bounding', 'effective', 'permitted'])
          s.process.capabilities[set].push('CAP_SYS_ADMIN');
      },
    );
    expect(r.stdout).toBe('read-only\n');
  });
});
