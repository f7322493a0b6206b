// runc exec: a process in the container's namespaces and cgroups, with its own settings.
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { Harness } from './support/harness';
import { IS_BERTH } from './support/runtime-bin';

const h = new Harness('exec');
afterEach(() => h.cleanup());
afterAll(() => h.dispose());

async function running(): Promise<string> {
  const { id } = h.create(await h.bundle(['sleep', '100'], (s) => (s.hostname = 'exec-box')));
  h.runtime(['start', id]);
  return id;
}

describe('exec', () => {
  it('runs in the container and returns the exit code', async () => {
    const id = await running();
    const r = h.runtime(['exec', id, 'sh', '-c', 'hostname; echo $$; exit 5']);
    expect(r.stdout.split('\n')[0]).toBe('exec-box');
    expect(Number(r.stdout.split('\n')[1])).toBeGreaterThan(1);
    expect(r.status).toBe(5);
  });

  it('applies --cwd, --env and --user', async () => {
    const id = await running();
    const r = h.runtime([
      'exec',
      '--cwd',
      '/tmp',
      '--env',
      'EXTRA=yes',
      '--user',
      '1000:1000',
      id,
      'sh',
      '-c',
      'pwd; echo $EXTRA; id -u; id -g',
    ]);
    expect(r.stdout).toBe('/tmp\nyes\n1000\n1000\n');
  });

  it('runs a --process file', async () => {
    const id = await running();
    const file = path.join(h.dir, 'process.json');
    writeFileSync(
      file,
      JSON.stringify({
        // No PATH in env: name the program by its path, as runc needs.
        args: ['/bin/sh', '-c', 'echo $FROM_FILE'],
        env: ['FROM_FILE=1'],
        cwd: '/',
        user: { uid: 0, gid: 0 },
      }),
    );
    expect(h.runtime(['exec', '--process', file, id]).stdout).toBe('1\n');
  });

  it('detaches with -d and writes --pid-file', async () => {
    const id = await running();
    const pidFile = path.join(h.dir, 'exec.pid');
    expect(h.runtime(['exec', '-d', '--pid-file', pidFile, id, 'sleep', '50']).status).toBe(0);
    const pid = Number(require('node:fs').readFileSync(pidFile, 'utf8'));
    expect(JSON.parse(h.runtime(['ps', '--format', 'json', id]).stdout)).toContain(pid);
  });

  // runc 1.1.5 predates execCPUAffinity (runtime-spec 1.2).
  (IS_BERTH ? it : it.skip)('pins exec processes to execCPUAffinity.final, never init', async () => {
    const { id } = h.create(
      await h.bundle(['sleep', '100'], (s) => (s.process!.execCPUAffinity = { initial: '0', final: '1' })),
    );
    h.runtime(['start', id]);
    const allowed = (pid: string) =>
      h.runtime(['exec', id, 'sh', '-c', `grep Cpus_allowed_list /proc/${pid}/status`]).stdout.trim();
    expect(allowed('self')).toMatch(/\t1$/);
    expect(allowed('1')).not.toMatch(/\t1$/);
  });

  (IS_BERTH ? it : it.skip)('refuses an execCPUAffinity that is not a CPU list', async () => {
    const { id } = h.create(await h.bundle(['sleep', '100']));
    h.runtime(['start', id]);
    const file = path.join(h.dir, 'affinity.json');
    writeFileSync(
      file,
      JSON.stringify({
        args: ['/bin/true'],
        cwd: '/',
        user: { uid: 0, gid: 0 },
        execCPUAffinity: { final: '3-1' },
      }),
    );
    const r = h.runtime(['exec', '--process', file, id]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('process.execCPUAffinity.final: range "3-1" runs backwards');
  });

  it('refuses to exec in a stopped container', async () => {
    const { id } = h.create(await h.bundle(['true']));
    h.runtime(['start', id]);
    await h.waitStatus(id, 'stopped');
    expect(h.runtime(['exec', id, 'true']).status).not.toBe(0);
  });
});
