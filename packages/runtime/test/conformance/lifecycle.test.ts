// runtime.md "Lifecycle" and "Operations": create, start, state, kill, delete and run.
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { Harness } from './support/harness';

const h = new Harness('lifecycle');
afterEach(() => h.cleanup());
afterAll(() => h.dispose());

describe('lifecycle', () => {
  it('create leaves the process created, start runs it, and it ends stopped', async () => {
    const bundle = await h.bundle(['sh', '-c', 'read line < /dev/zero; sleep 100']);
    const pidFile = path.join(h.dir, 'lifecycle.pid');
    const { id, result } = h.create(bundle, ['--pid-file', pidFile]);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const created = h.state(id);
    expect(created).toMatchObject({ id, status: 'created', bundle });
    expect(created.pid).toBeGreaterThan(0);
    expect(Number(readFileSync(pidFile, 'utf8'))).toBe(created.pid);

    expect(h.runtime(['start', id]).status).toBe(0);
    expect(h.state(id).status).toBe('running');

    expect(h.runtime(['kill', id, 'KILL']).status).toBe(0);
    await h.waitStatus(id, 'stopped');
    expect(h.runtime(['delete', id]).status).toBe(0);
    expect(h.runtime(['state', id]).status).not.toBe(0);
  });

  it('refuses a second start and a start of a stopped container', async () => {
    const { id } = h.create(await h.bundle(['true']));
    expect(h.runtime(['start', id]).status).toBe(0);
    await h.waitStatus(id, 'stopped');
    const again = h.runtime(['start', id]);
    expect(again.status).not.toBe(0);
    expect(again.stderr).toMatch(/stopped/);
  });

  it('refuses to delete a running container unless forced', async () => {
    const { id } = h.create(await h.bundle(['sleep', '100']));
    h.runtime(['start', id]);
    const refused = h.runtime(['delete', id]);
    expect(refused.status).not.toBe(0);
    expect(refused.stderr).toMatch(/running/);
    expect(h.runtime(['delete', '--force', id]).status).toBe(0);
    expect(h.runtime(['state', id]).status).not.toBe(0);
  });

  it('deletes a created container that never started', async () => {
    const { id } = h.create(await h.bundle(['true']));
    const pid = h.state(id).pid;
    expect(h.runtime(['delete', id]).status).toBe(0);
    expect(
      existsSync(`/proc/${pid}/status`) && !readFileSync(`/proc/${pid}/status`, 'utf8').includes('State:\tZ'),
    ).toBe(false);
  });

  it('refuses an id that already exists', async () => {
    const bundle = await h.bundle(['true']);
    const { id } = h.create(bundle);
    const dup = h.runtime(['create', '--bundle', bundle, id]);
    expect(dup.status).not.toBe(0);
    expect(dup.stderr).toMatch(/exist/);
  });

  it('run returns the exit code of the process', async () => {
    const r = await h.run(['sh', '-c', 'echo out; echo err >&2; exit 7']);
    expect(r.stdout).toBe('out\n');
    expect(r.stderr).toBe('err\n');
    expect(r.status).toBe(7);
  });

  it('run -d returns at once and leaves the container running', async () => {
    const bundle = await h.bundle(['sleep', '100']);
    const id = h.id();
    expect(h.runtime(['run', '-d', '--bundle', bundle, id]).status).toBe(0);
    expect(h.state(id).status).toBe('running');
  });

  it('list shows containers with their status', async () => {
    const { id } = h.create(await h.bundle(['true']));
    const table = h.runtime(['list']);
    expect(table.stdout).toMatch(/^ID\s+PID\s+STATUS\s+BUNDLE\s+CREATED\s+OWNER/);
    expect(table.stdout).toMatch(new RegExp(`${id}\\s+\\d+\\s+created`));
    const json = JSON.parse(h.runtime(['list', '--format', 'json']).stdout);
    expect(json.map((c: { id: string }) => c.id)).toContain(id);
    expect(h.runtime(['list', '-q']).stdout.split('\n')).toContain(id);
  });
});
