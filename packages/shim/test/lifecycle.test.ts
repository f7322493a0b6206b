// The Task API driven through a real shim over its unix socket, on real busybox containers.
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { task } from '@berth/api';
import { isMountPoint } from '@berth/sys';
import { alive, readLog, ShimHarness, waitFor, type CreatedTask } from './support/harness';

const { Status, EventType } = task.v1;

/** Processes whose parent is `pid` (zombies included), from /proc. */
function childrenOf(pid: number): Array<{ pid: number; comm: string; state: string }> {
  const found = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(rest[1]) === pid)
        found.push({
          pid: Number(name),
          comm: stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')')),
          state: rest[0],
        });
    } catch {
      // gone while listing
    }
  }
  return found;
}
const h = new ShimHarness('life');
afterEach(() => h.cleanup());
afterAll(() => h.dispose());

function collectEvents(t: CreatedTask): { events: task.v1.Event[]; stop: () => void } {
  const events: task.v1.Event[] = [];
  const stream = t.client.raw.events({ afterSequence: 0 });
  stream.on('data', (response: task.v1.EventsResponse) => response.event && events.push(response.event));
  stream.on('error', () => undefined);
  return { events, stop: () => stream.cancel() };
}

describe('task lifecycle', () => {
  it('create, start, wait and delete report the exit code and log the output', async () => {
    const log = path.join(h.dir, 'exit7.log');
    const t = await h.createTask({
      args: ['sh', '-c', 'echo out; echo err >&2; exit 7'],
      stdio: { log: { path: log, maxSize: 0, maxFiles: 0 } },
    });
    expect((await t.client.call.state({ id: t.id, execId: '' })).status).toBe(Status.STATUS_CREATED);
    expect((await t.client.call.start({ id: t.id, execId: '' })).pid).toBe(t.pid);
    const waited = await t.client.call.wait({ id: t.id, execId: '' });
    expect(waited.exitStatus).toBe(7);
    const state = await t.client.call.state({ id: t.id, execId: '' });
    expect(state.status).toBe(Status.STATUS_STOPPED);
    expect(state.exitStatus).toBe(7);
    expect(state.exitedAt).toBeInstanceOf(Date);
    expect(readLog(log).map((r) => [r.stream, r.log])).toEqual(
      expect.arrayContaining([
        ['stdout', 'out\n'],
        ['stderr', 'err\n'],
      ]),
    );
    const { shimPid } = await t.client.call.connect({ id: t.id });
    const deleted = await t.client.call.delete({ id: t.id, execId: '' });
    expect(deleted.exitStatus).toBe(7);
    // That was the shim's last task: it exits and removes its socket.
    await waitFor(() => !alive(shimPid), 'the shim to exit');
    await expect(t.client.call.state({ id: t.id, execId: '' })).rejects.toMatchObject({
      code: 'Unavailable',
      reason: 'DAEMON_NOT_RUNNING',
    });
  });

  it.each([
    ['true', 0],
    ['false', 1],
  ])('reports exit code of %s as %d', async (program, code) => {
    const t = await h.createTask({ args: [program] });
    await t.client.call.start({ id: t.id, execId: '' });
    expect((await t.client.call.wait({ id: t.id, execId: '' })).exitStatus).toBe(code);
    await t.client.call.delete({ id: t.id, execId: '' });
  });

  it('reports 137 for a container killed with SIGKILL, and Wait answers after the fact', async () => {
    const t = await h.createTask({ args: ['sleep', '1000'] });
    await t.client.call.start({ id: t.id, execId: '' });
    expect((await t.client.call.state({ id: t.id, execId: '' })).status).toBe(Status.STATUS_RUNNING);
    await t.client.call.kill({ id: t.id, execId: '', signal: 9, all: false });
    const first = await t.client.call.wait({ id: t.id, execId: '' });
    expect(first.exitStatus).toBe(137);
    const again = await t.client.call.wait({ id: t.id, execId: '' });
    expect(again).toEqual(first);
    await t.client.call.delete({ id: t.id, execId: '' });
  });

  it('publishes create, start, exit and delete in order', async () => {
    const t = await h.createTask({ args: ['true'] });
    const { events, stop } = collectEvents(t);
    try {
      await t.client.call.start({ id: t.id, execId: '' });
      await t.client.call.wait({ id: t.id, execId: '' });
      await t.client.call.delete({ id: t.id, execId: '' });
      // The stream delivers asynchronously; replay from sequence 0 on a second stream is exact.
      const replay = collectEvents(t);
      await new Promise((resolve) => setTimeout(resolve, 100));
      replay.stop();
      const mine = (list: task.v1.Event[]) => list.filter((e) => e.id === t.id).map((e) => e.type);
      expect(mine(events)).toEqual([
        EventType.EVENT_TYPE_START,
        EventType.EVENT_TYPE_EXIT,
        EventType.EVENT_TYPE_DELETE,
      ]);
      expect(events.find((e) => e.type === EventType.EVENT_TYPE_EXIT)?.pid).toBe(t.pid);
    } finally {
      stop();
    }
  });

  it('answers NotFound for unknown ids and FailedPrecondition for invalid transitions', async () => {
    const t = await h.createTask({ args: ['sleep', '1000'] });
    await expect(t.client.call.start({ id: 'nope', execId: '' })).rejects.toMatchObject({ code: 'NotFound' });
    await expect(t.client.call.state({ id: t.id, execId: 'nope' })).rejects.toMatchObject({
      code: 'NotFound',
    });
    await expect(t.client.call.pause({ id: t.id })).rejects.toMatchObject({ code: 'FailedPrecondition' });
    await t.client.call.start({ id: t.id, execId: '' });
    await expect(t.client.call.start({ id: t.id, execId: '' })).rejects.toMatchObject({
      code: 'FailedPrecondition',
      reason: 'INVALID_STATE',
    });
    await expect(t.client.call.delete({ id: t.id, execId: '' })).rejects.toMatchObject({
      code: 'FailedPrecondition',
    });
    await expect(
      t.client.call.create({ id: 'bad/id', bundle: '/x', rootfs: [], terminal: false, options: {} }),
    ).rejects.toMatchObject({ code: 'InvalidArgument' });
    await t.client.call.kill({ id: t.id, execId: '', signal: 9, all: false });
    await t.client.call.wait({ id: t.id, execId: '' });
    await t.client.call.delete({ id: t.id, execId: '' });
  });

  it('publishes exec-added and exec-started, and exec exits before the init exit', async () => {
    const t = await h.createTask({ args: ['sleep', '1000'] });
    const { events, stop } = collectEvents(t);
    try {
      await t.client.call.start({ id: t.id, execId: '' });
      const spec = Buffer.from(
        JSON.stringify({ args: ['sleep', '1000'], cwd: '/', user: { uid: 0, gid: 0 } }),
      );
      await t.client.call.exec({ id: t.id, execId: 'sleeper', terminal: false, spec });
      await t.client.call.start({ id: t.id, execId: 'sleeper' });
      await t.client.call.kill({ id: t.id, execId: '', signal: 9, all: false });
      expect((await t.client.call.wait({ id: t.id, execId: 'sleeper' })).exitStatus).toBe(137);
      await t.client.call.wait({ id: t.id, execId: '' });
      await waitFor(
        () => events.filter((e) => e.type === EventType.EVENT_TYPE_EXIT).length === 2,
        'both exits',
      );
      expect(events.map((e) => [e.type, e.execId])).toEqual([
        [EventType.EVENT_TYPE_START, ''],
        [EventType.EVENT_TYPE_EXEC_ADDED, 'sleeper'],
        [EventType.EVENT_TYPE_EXEC_STARTED, 'sleeper'],
        [EventType.EVENT_TYPE_EXIT, 'sleeper'],
        [EventType.EVENT_TYPE_EXIT, ''],
      ]);
    } finally {
      stop();
    }
  });

  it('adopts and reaps the orphans of a container without a pid namespace', async () => {
    const t = await h.createTask({
      // The orphan sleeps until the test kills it, so a loaded machine cannot let it exit before the check.
      args: ['sh', '-c', 'sleep 1000 & exit 0'],
      edit: (spec) =>
        (spec.linux.namespaces = spec.linux.namespaces.filter((ns: { type: string }) => ns.type !== 'pid')),
    });
    await t.client.call.start({ id: t.id, execId: '' });
    expect((await t.client.call.wait({ id: t.id, execId: '' })).exitStatus).toBe(0);
    const { shimPid } = await t.client.call.connect({ id: t.id });
    const children = () => childrenOf(shimPid).filter((c) => c.comm === 'sleep');
    const orphans = children();
    expect(orphans).toHaveLength(1); // re-parented to the shim, its subreaper
    process.kill(orphans[0].pid, 'SIGKILL');
    await waitFor(() => children().length === 0, 'the orphan to exit and be reaped');
    await t.client.call.delete({ id: t.id, execId: '' });
  });

  it('deletes a created task that never started, unmounting its rootfs', async () => {
    const t = await h.createTask({ args: ['true'] });
    const rootfs = path.join(t.bundle, 'rootfs');
    expect(isMountPoint(rootfs)).toBe(true);
    const deleted = await t.client.call.delete({ id: t.id, execId: '' });
    expect(deleted.pid).toBe(t.pid);
    expect(deleted.exitStatus).toBe(137);
    expect(isMountPoint(rootfs)).toBe(false);
  });

  it("refuses a missing executable as FailedPrecondition in runc's words, and unmounts the rootfs", async () => {
    const id = `${h.id()}-noexec`;
    await expect(h.createTask({ id, args: ['no-such-command'] })).rejects.toMatchObject({
      code: 'FailedPrecondition',
      message: expect.stringContaining('exec: "no-such-command": executable file not found in $PATH'),
    });
    expect(isMountPoint(path.join(h.dir, id, 'rootfs'))).toBe(false);
  });

  it('refuses a rootfs that cannot be mounted, naming the target, and leaves nothing mounted', async () => {
    const t = await h.createTask({ args: ['sleep', '1000'] });
    const { bundle, rootfs } = await h.bundle(`${t.id}-bad`, ['true']);
    const missing = path.join(bundle, 'missing-layer');
    const mounts = [
      ...rootfs,
      { type: 'overlay', source: 'overlay', target: '', options: [`lowerdir=${missing}`] },
    ];
    const target = path.join(bundle, 'rootfs');
    await expect(
      t.client.call.create({ id: `${t.id}-bad`, bundle, rootfs: mounts, terminal: false, options: {} }),
    ).rejects.toMatchObject({
      code: 'InvalidArgument',
      message: expect.stringContaining(`mount overlay on ${target} failed: ENOENT`),
    });
    expect(isMountPoint(target)).toBe(false);
    await t.client.call.kill({ id: t.id, execId: '', signal: 9, all: false });
    await t.client.call.wait({ id: t.id, execId: '' });
    await t.client.call.delete({ id: t.id, execId: '' });
  });
});
