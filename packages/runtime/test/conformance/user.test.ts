// config.md "User": uid, gid, additionalGids, umask.
import { Harness } from './support/harness';

const h = new Harness('user');
afterEach(() => h.cleanup());
afterAll(() => h.dispose());

describe('user', () => {
  it('runs as uid/gid with the additional groups only', async () => {
    const r = await h.run(['sh', '-c', 'id -u; id -g; id -G'], (s) => {
      s.process.user = { uid: 1000, gid: 1001, additionalGids: [5, 7] };
    });
    const [uid, gid, groups] = r.stdout.trim().split('\n');
    expect(uid).toBe('1000');
    expect(gid).toBe('1001');
    expect(groups.split(' ').sort()).toEqual(['1001', '5', '7']);
  });

  it('applies the umask', async () => {
    const r = await h.run(['sh', '-c', 'umask'], (s) => (s.process.user = { uid: 0, gid: 0, umask: 0o027 }));
    expect(r.stdout.trim()).toBe('0027');
  });

  it('gives a non-root user no effective capabilities unless listed', async () => {
    const r = await h.run(['grep', 'CapEff', '/proc/self/status'], (s) => {
      s.process.user = { uid: 1000, gid: 1000 };
      s.process.capabilities = { bounding: ['CAP_KILL'], permitted: [], effective: [] };
    });
    expect(r.stdout).toMatch(/CapEff:\s+0+\n/);
  });
});
