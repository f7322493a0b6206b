// config-linux.md "Devices" and "Default Devices".
import { Harness } from './support/harness';

const h = new Harness('devices');
afterEach(() => h.cleanup());
afterAll(() => h.dispose());

describe('devices', () => {
  it('creates the default devices and /dev links', async () => {
    const r = await h.run([
      'sh',
      '-c',
      'for d in null zero full random urandom tty; do stat -c "%n %t:%T %a" /dev/$d; done; for l in fd stdin ptmx; do readlink /dev/$l; done',
    ]);
    expect(r.stdout.trim().split('\n')).toEqual([
      '/dev/null 1:3 666',
      '/dev/zero 1:5 666',
      '/dev/full 1:7 666',
      '/dev/random 1:8 666',
      '/dev/urandom 1:9 666',
      '/dev/tty 5:0 666',
      '/proc/self/fd',
      '/proc/self/fd/0',
      'pts/ptmx',
    ]);
  });

  it('creates listed devices with their mode and owner, and lets the process use them', async () => {
    const r = await h.run(
      ['sh', '-c', 'stat -c "%t:%T %a %u:%g" /dev/mine; head -c 4 /dev/mine | wc -c'],
      (s) => {
        s.linux.devices = [
          { path: '/dev/mine', type: 'c', major: 1, minor: 5, fileMode: 0o604, uid: 7, gid: 8 },
        ];
      },
    );
    expect(
      r.stdout
        .trim()
        .split('\n')
        .map((l) => l.trim()),
    ).toEqual(['1:5 604 7:8', '4']);
  });

  it('denies a device the cgroup rules do not allow', async () => {
    const r = await h.run(
      [
        'sh',
        '-c',
        'mknod /tmp/sda b 8 0 && head -c 1 /tmp/sda > /dev/null 2>&1 && echo readable || echo denied',
      ],
      (s) => {
        for (const set of ['bounding', 'effective', 'permitted'])
          s.process.capabilities[set].push('CAP_MKNOD');
      },
    );
    expect(r.stdout.trim()).toBe('denied');
  });
});
