// runc pause/resume, update, ps and events --stats: the commands that work through the container's cgroups.
import { Harness } from './support/harness';

const h = new Harness('cgops');
afterEach(() => h.cleanup());
afterAll(() => h.dispose());

async function running(): Promise<string> {
  const { id } = h.create(
    await h.bundle(['sleep', '100'], (s) => (s.linux.resources.memory = { limit: 256 * 1024 * 1024 })),
  );
  h.runtime(['start', id]);
  return id;
}

describe('cgroup operations', () => {
  it('pauses and resumes', async () => {
    const id = await running();
    expect(h.runtime(['pause', id]).status).toBe(0);
    expect(h.state(id).status).toBe('paused');
    expect(h.runtime(['exec', id, 'true']).status).not.toBe(0);
    expect(h.runtime(['resume', id]).status).toBe(0);
    expect(h.state(id).status).toBe('running');
    expect(h.runtime(['resume', id]).status).not.toBe(0);
  });

  it('lists the processes with ps', async () => {
    const id = await running();
    const pids = JSON.parse(h.runtime(['ps', '--format', 'json', id]).stdout);
    expect(pids).toEqual([h.state(id).pid]);
    expect(h.runtime(['ps', id]).stdout).toMatch(/^UID\s+PID/);
  });

  it('updates the memory limit and reports it in events --stats', async () => {
    const id = await running();
    expect(h.runtime(['update', '--memory', '128m', id]).status).toBe(0);
    const limit = h.runtime(['exec', id, 'cat', '/sys/fs/cgroup/memory/memory.limit_in_bytes']);
    expect(h.runtime(['events', '--stats', id]).status).toBe(0);
    const event = JSON.parse(h.runtime(['events', '--stats', id]).stdout);
    expect(event).toMatchObject({ type: 'stats', id });
    expect(JSON.stringify(event.data)).toMatch(/memory/i);
    // Visible inside only when /sys/fs/cgroup is mounted; the host view is authoritative.
    if (limit.status === 0) expect(limit.stdout.trim()).toBe(String(128 * 1024 * 1024));
  });

  it('takes an update from --resources on stdin', async () => {
    const id = await running();
    const r = h.runtime(['update', '--resources', '-', id], {
      input: JSON.stringify({ pids: { limit: 50 } }),
    });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });
});

describe('events', () => {
  it('reports an OOM kill as an "oom" event', async () => {
    const bundle = await h.bundle(['sh', '-c', 'sleep 1; tail /dev/zero'], (s) => {
      s.linux.resources.memory = { limit: 32 * 1024 * 1024, swap: 32 * 1024 * 1024 };
    });
    const { id } = h.create(bundle);
    const controller = new AbortController();
    const events = h.runtimeAsync(['events', '--interval', '100ms', id], {
      signal: controller.signal,
      killSignal: 'SIGKILL',
    });
    h.runtime(['start', id]);
    await h.waitStatus(id, 'stopped');
    // runc keeps streaming after the container stops; give the last sample time, then stop it.
    await new Promise((resolve) => setTimeout(resolve, 500));
    controller.abort();
    const r = await events;
    expect(
      r.stdout
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l).type),
    ).toContain('oom');
  });
});
