// Faults: the engine killed with -9 while containers run, the shim killed with -9, and many
// containers sharing one shim.
import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { alive, readLog, SHIM_BIN, ShimHarness, waitFor } from './support/harness';

const h = new ShimHarness('flt');
afterEach(() => h.cleanup());
afterAll(() => h.dispose());

/** Runs the stand-in engine until it has started its tasks; returns it for killing. */
async function runEngine(tasks: object[]) {
  const engine = spawn(
    process.execPath,
    [path.join(__dirname, 'support/engine.js'), JSON.stringify({ shimBin: SHIM_BIN, run: h.run, tasks })],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let out = '';
  let err = '';
  engine.stdout.on('data', (c: Buffer) => (out += c.toString()));
  engine.stderr.on('data', (c: Buffer) => (err += c.toString()));
  const exited = new Promise((resolve) => engine.once('exit', resolve));
  await Promise.race([waitFor(() => out.includes('ready'), 'engine ready', 3000), exited]);
  if (!out.includes('ready')) throw new Error(`engine failed: ${err}`);
  return { engine, exited };
}

describe('faults', () => {
  it('keeps containers running and logging across an engine kill -9, with exit codes for a new engine', async () => {
    const steadyId = h.id();
    const quickId = h.id();
    const log = path.join(h.dir, 'steady.log');
    const steady = await h.bundle(steadyId, [
      'sh',
      '-c',
      'i=0; while true; do echo tick $i; i=$((i+1)); sleep 0.05; done',
    ]);
    const quick = await h.bundle(quickId, ['sh', '-c', 'sleep 0.3; exit 5']);
    const { engine, exited } = await runEngine([
      { id: steadyId, ...steady, stdio: { log: { path: log } } },
      { id: quickId, ...quick },
    ]);
    engine.kill('SIGKILL');
    await exited;
    const logged = readLog(log).length;
    // A new engine: finds the shims again with `berth-shim start` and asks them.
    const client = h.client(h.startShim(steadyId));
    const quickClient = h.client(h.startShim(quickId));
    expect((await quickClient.call.wait({ id: quickId, execId: '' })).exitStatus).toBe(5);
    expect((await client.call.state({ id: steadyId, execId: '' })).status).toBe(2);
    await waitFor(() => readLog(log).length > logged + 3, 'log growing after the engine died');
    await client.call.kill({ id: steadyId, execId: '', signal: 9, all: false });
    expect((await client.call.wait({ id: steadyId, execId: '' })).exitStatus).toBe(137);
    await client.call.delete({ id: steadyId, execId: '' });
    await quickClient.call.delete({ id: quickId, execId: '' });
  });

  it('after a shim kill -9: clients fail fast, `berth-shim delete` cleans up and reports an unknown exit', async () => {
    const t = await h.createTask({ args: ['sleep', '1000'] });
    await t.client.call.start({ id: t.id, execId: '' });
    const { shimPid } = await t.client.call.connect({ id: t.id });
    process.kill(shimPid, 'SIGKILL');
    await waitFor(() => !alive(shimPid), 'shim gone');
    await expect(t.client.call.wait({ id: t.id, execId: '' })).rejects.toMatchObject({ code: 'Unavailable' });
    expect(alive(t.pid)).toBe(true); // the container outlived its shim
    const deleted = h.shim(['delete', '--id', t.id]);
    expect(deleted.stderr).toBe('');
    expect(JSON.parse(deleted.stdout)).toMatchObject({ id: t.id, pid: t.pid, exitStatus: 255 });
    await waitFor(() => !alive(t.pid), 'container killed');
    expect(h.shim(['delete', '--id', t.id]).stderr).toMatch(/not found/);
  });

  it('a shim started again after a kill -9 takes over the recorded tasks', async () => {
    const t = await h.createTask({ args: ['sleep', '1000'] });
    await t.client.call.start({ id: t.id, execId: '' });
    const quick = await h.createTask({ args: ['sh', '-c', 'exit 4'], startFlags: [] });
    await quick.client.call.start({ id: quick.id, execId: '' });
    await quick.client.call.wait({ id: quick.id, execId: '' });
    const { shimPid } = await t.client.call.connect({ id: t.id });
    process.kill(shimPid, 'SIGKILL');
    await waitFor(() => !alive(shimPid), 'shim gone');
    const client = h.client(h.startShim(t.id));
    expect((await client.call.connect({ id: t.id })).shimPid).not.toBe(shimPid);
    const state = await client.call.state({ id: t.id, execId: '' });
    expect(state).toMatchObject({ status: 2, pid: t.pid });
    await client.call.kill({ id: t.id, execId: '', signal: 9, all: false });
    // The new shim is not the container's parent: the kernel may still tell it the status, or not.
    expect([137, 255]).toContain((await client.call.wait({ id: t.id, execId: '' })).exitStatus);
    await client.call.delete({ id: t.id, execId: '' });
    // The other task's shim was not killed and still has its exit code.
    expect((await quick.client.call.wait({ id: quick.id, execId: '' })).exitStatus).toBe(4);
    await quick.client.call.delete({ id: quick.id, execId: '' });
  });

  it('serves 20 containers from one shim when they share a group', async () => {
    const tasks = [];
    for (let i = 0; i < 20; i++)
      tasks.push(
        await h.createTask({
          args: ['sleep', '1000'],
          startFlags: ['--grouping', 'group', '--group', 'pod1'],
        }),
      );
    expect(new Set(tasks.map((t) => t.socket)).size).toBe(1);
    const client = tasks[0].client;
    await Promise.all(tasks.map((t) => client.call.start({ id: t.id, execId: '' })));
    const shimPids = await Promise.all(
      tasks.map(async (t) => (await client.call.connect({ id: t.id })).shimPid),
    );
    expect(new Set(shimPids).size).toBe(1);
    // SIGKILL: sleep as a pid namespace's init has no default action for SIGTERM.
    await Promise.all(tasks.map((t) => client.call.kill({ id: t.id, execId: '', signal: 9, all: false })));
    const exits = await Promise.all(tasks.map((t) => client.call.wait({ id: t.id, execId: '' })));
    expect(exits.map((e) => e.exitStatus)).toEqual(tasks.map(() => 137));
    for (const t of tasks) await client.call.delete({ id: t.id, execId: '' });
    await waitFor(() => !alive(shimPids[0]), 'the shim to exit after its last container');
  });

  it('starts one shim for concurrent starts of one group', async () => {
    const starts = [h.id(), h.id(), h.id(), h.id()].map(
      (id) =>
        new Promise<string>((resolve, reject) => {
          const child = spawn(process.execPath, [
            SHIM_BIN,
            'start',
            '--id',
            id,
            '--grouping',
            'group',
            '--group',
            'race',
            '--run',
            h.run,
          ]);
          let out = '';
          child.stdout.on('data', (c: Buffer) => (out += c.toString()));
          child.once('exit', (code) =>
            code === 0 ? resolve(out.trim()) : reject(new Error(`start exited ${code}`)),
          );
        }),
    );
    const sockets = await Promise.all(starts);
    expect(new Set(sockets).size).toBe(1);
    expect(h.shimPids().filter(alive)).toHaveLength(1);
  });

  it('spreads containers over shared shims of at most N', async () => {
    const flags = ['--grouping', 'shared', '--max-per-shim', '2'];
    const sockets = [h.id(), h.id(), h.id()].map((id) => h.startShim(id, flags));
    expect(sockets[0]).toBe(sockets[1]);
    expect(sockets[2]).not.toBe(sockets[0]);
  });
});
