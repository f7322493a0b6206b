// config.md "Process": args, env, cwd, noNewPrivileges, oomScoreAdj.
import { Harness } from './support/harness';
import { IS_BERTH } from './support/runtime-bin';

const h = new Harness('process');
afterEach(() => h.cleanup());
afterAll(() => h.dispose());

describe('process', () => {
  it('runs args with the exit code of the process', async () => {
    const r = await h.run(['sh', '-c', 'echo "$0 $1"; exit 3', 'a b', 'c']);
    expect(r.stdout).toBe('a b c\n');
    expect(r.status).toBe(3);
  });

  it('finds args[0] through the PATH in env', async () => {
    const r = await h.run(['busybox', 'echo', 'found'], (s) => (s.process.env = ['PATH=/bin']));
    expect(r.stdout).toBe('found\n');
  });

  it('passes env exactly, adding HOME from /etc/passwd when it is missing', async () => {
    const r = await h.run(['/bin/env'], (s) => (s.process.env = ['PATH=/bin', 'ONE=1', 'SPACED=a b=c']));
    expect(r.stdout.split('\n').filter(Boolean).sort()).toEqual([
      'HOME=/root',
      'ONE=1',
      'PATH=/bin',
      'SPACED=a b=c',
    ]);
    const own = await h.run(['/bin/env'], (s) => (s.process.env = ['HOME=/elsewhere']));
    expect(own.stdout).toBe('HOME=/elsewhere\n');
  });

  it('starts in cwd', async () => {
    const r = await h.run(['pwd'], (s) => (s.process.cwd = '/usr/bin'));
    expect(r.stdout).toBe('/usr/bin\n');
  });

  it('creates a missing cwd, as runc does', async () => {
    const r = await h.run(['pwd'], (s) => (s.process.cwd = '/does/not/exist'));
    expect(r.stdout).toBe('/does/not/exist\n');
  });

  it('fails create naming a missing executable', async () => {
    const r = await h.run(['/bin/no-such-program']);
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(/no-such-program/);
  });

  it('sets no_new_privs when asked', async () => {
    const on = await h.run(
      ['grep', 'NoNewPrivs', '/proc/self/status'],
      (s) => (s.process.noNewPrivileges = true),
    );
    expect(on.stdout).toMatch(/NoNewPrivs:\s+1/);
    const off = await h.run(
      ['grep', 'NoNewPrivs', '/proc/self/status'],
      (s) => (s.process.noNewPrivileges = false),
    );
    expect(off.stdout).toMatch(/NoNewPrivs:\s+0/);
  });

  (IS_BERTH ? it : it.skip)('sets the scheduler policy and nice value', async () => {
    // runc learnt process.scheduler in 1.2.
    const r = await h.run(
      ['sh', '-c', 'grep ^policy /proc/self/sched; cut -d" " -f19 /proc/self/stat'],
      (s) => {
        s.process.scheduler = { policy: 'SCHED_BATCH', nice: 5 };
      },
    );
    expect(r.stdout).toMatch(/^policy\s+:\s+3\n5\n$/);
  });

  it('sets oomScoreAdj', async () => {
    const r = await h.run(['cat', '/proc/self/oom_score_adj'], (s) => (s.process.oomScoreAdj = 123));
    expect(r.stdout.trim()).toBe('123');
  });
});
