// Cgroup-backed operations through the shim: pause/resume, stats, update and OOM events.
import { task } from '@berth/api';
import { ShimHarness, waitFor } from './support/harness';

const { Status, EventType } = task.v1;
const h = new ShimHarness('res');
afterEach(() => h.cleanup());
afterAll(() => h.dispose());

describe('resources', () => {
  it('pauses and resumes a running container, publishing both', async () => {
    const t = await h.createTask({ args: ['sleep', '1000'] });
    const events: task.v1.Event[] = [];
    const stream = t.client.raw.events({ afterSequence: 0 });
    stream.on('data', (r: task.v1.EventsResponse) => r.event && events.push(r.event));
    stream.on('error', () => undefined);
    try {
      await t.client.call.start({ id: t.id, execId: '' });
      await t.client.call.pause({ id: t.id });
      expect((await t.client.call.state({ id: t.id, execId: '' })).status).toBe(Status.STATUS_PAUSED);
      await expect(t.client.call.pause({ id: t.id })).rejects.toMatchObject({ code: 'FailedPrecondition' });
      await t.client.call.resume({ id: t.id });
      expect((await t.client.call.state({ id: t.id, execId: '' })).status).toBe(Status.STATUS_RUNNING);
      await waitFor(() => events.some((e) => e.type === EventType.EVENT_TYPE_RESUMED), 'resumed event');
      expect(events.map((e) => e.type)).toEqual(
        expect.arrayContaining([EventType.EVENT_TYPE_PAUSED, EventType.EVENT_TYPE_RESUMED]),
      );
      await t.client.call.kill({ id: t.id, execId: '', signal: 9, all: false });
      expect((await t.client.call.wait({ id: t.id, execId: '' })).exitStatus).toBe(137);
    } finally {
      stream.cancel();
    }
  });

  it('reports stats and pids, and applies an update', async () => {
    const t = await h.createTask({
      args: ['sh', '-c', 'sleep 1000 & sleep 1000'],
      edit: (spec) => (spec.linux.resources.memory = { limit: 64 * 1024 * 1024 }),
    });
    await t.client.call.start({ id: t.id, execId: '' });
    await waitFor(
      async () => (await t.client.call.pids({ id: t.id })).processes.length === 2,
      'two processes',
    );
    const stats = await t.client.call.stats({ id: t.id });
    expect(stats.memory?.limit).toBe(64 * 1024 * 1024);
    expect(stats.memory?.usage).toBeGreaterThan(0);
    expect(stats.pids?.current).toBe(2);
    expect(stats.cpu?.usageTotalNs).toBeGreaterThan(0);
    await t.client.call.update({
      id: t.id,
      resources: Buffer.from(JSON.stringify({ memory: { limit: 32 * 1024 * 1024 } })),
    });
    expect((await t.client.call.stats({ id: t.id })).memory?.limit).toBe(32 * 1024 * 1024);
    await expect(t.client.call.update({ id: t.id, resources: Buffer.from('nope') })).rejects.toMatchObject({
      code: 'InvalidArgument',
    });
    await t.client.call.kill({ id: t.id, execId: '', signal: 9, all: true });
    await t.client.call.wait({ id: t.id, execId: '' });
  });

  it('publishes an OOM event before the exit of a container over its memory limit', async () => {
    const t = await h.createTask({
      // Grows a shell variable until the 16 MiB limit makes the kernel kill it.
      args: ['sh', '-c', 'x=aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa; while true; do x="$x$x"; done'],
      edit: (spec) => (spec.linux.resources.memory = { limit: 16 * 1024 * 1024, swap: 16 * 1024 * 1024 }),
    });
    const events: task.v1.Event[] = [];
    const stream = t.client.raw.events({ afterSequence: 0 });
    stream.on('data', (r: task.v1.EventsResponse) => r.event && events.push(r.event));
    stream.on('error', () => undefined);
    try {
      await t.client.call.start({ id: t.id, execId: '' });
      expect((await t.client.call.wait({ id: t.id, execId: '' })).exitStatus).toBe(137);
      await waitFor(() => events.some((e) => e.type === EventType.EVENT_TYPE_EXIT), 'exit event');
      const types = events.filter((e) => e.id === t.id).map((e) => e.type);
      expect(types).toContain(EventType.EVENT_TYPE_OOM);
      expect(types.indexOf(EventType.EVENT_TYPE_OOM)).toBeLessThan(types.indexOf(EventType.EVENT_TYPE_EXIT));
    } finally {
      stream.cancel();
    }
  });
});
