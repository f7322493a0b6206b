// Many processes of one shim ending at the same moment: container inits, exec'd processes and an
// orphan re-parented to the shim are all released by one fifo and must each get their own exit
// code from Wait (a lost or swapped exit leaves a build waiting forever); and short containers
// created, ended and deleted beside each other, as a build's parallel stages run them.
import { spawnSync } from 'node:child_process';
import { closeSync, constants, mkdirSync, openSync, readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { task } from '@berth/api';
import { ShimHarness, waitFor, type TaskClient } from './support/harness';
import type { EditableSpec } from './support/spec';

const h = new ShimHarness('sim');
afterEach(() => h.cleanup());
afterAll(() => h.dispose());

const INITS = 8;
const EXECS = 6;
const WORKERS = 4;
const STEPS = 4;
/** Blocks until the test lets go of the gate, then exits with `code`. */
const gated = (code: number) => `read x </gate/go; exit ${code}`;

/** A fifo every process reads; closing the test's end (its only writer) ends all reads at once. */
function openGate(): { dir: string; ino: number; release: () => void } {
  const dir = path.join(h.dir, 'gate');
  mkdirSync(dir);
  const fifo = path.join(dir, 'go');
  if (spawnSync('mkfifo', [fifo]).status !== 0) throw new Error(`mkfifo ${fifo} failed`);
  // O_RDWR: the open never blocks, and the readers' opens find a writer.
  let fd: number | undefined = openSync(fifo, constants.O_RDWR | constants.O_NONBLOCK);
  return {
    dir,
    ino: statSync(fifo).ino,
    release: () => {
      if (fd !== undefined) closeSync(fd);
      fd = undefined;
    },
  };
}

/** A /proc file's text, or '' once its process (or thread) is gone. */
function readProc(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}

/** Every descendant of pid (each thread's children list, recursively). */
function descendants(pid: number): number[] {
  let threads: string[] = [];
  try {
    threads = readdirSync(`/proc/${pid}/task`);
  } catch {
    // gone
  }
  const children = threads.flatMap((thread) =>
    readProc(`/proc/${pid}/task/${thread}/children`)
      .split(' ')
      .filter((s) => s.trim() !== '')
      .map(Number),
  );
  return [...children, ...children.flatMap(descendants)];
}

/** How many processes under `root` hold the gate fifo open (i.e. wait on it). */
function waitingAtGate(root: number, ino: number): number {
  let count = 0;
  for (const pid of descendants(root)) {
    let fds: string[];
    try {
      fds = readdirSync(`/proc/${pid}/fd`);
    } catch {
      continue;
    }
    if (
      fds.some((fd) => {
        try {
          return statSync(`/proc/${pid}/fd/${fd}`).ino === ino;
        } catch {
          return false;
        }
      })
    )
      count++;
  }
  return count;
}

function gateMount(dir: string) {
  return (spec: EditableSpec) => {
    spec.mounts.push({ destination: '/gate', type: 'bind', source: dir, options: ['rbind', 'rw'] });
  };
}

/** Creates a task in the shim; its output goes to a json-file log, or to fifos (as the engine's). */
async function createIn(
  client: TaskClient,
  id: string,
  args: string[],
  options: { edit?: (s: EditableSpec) => void; fifos?: boolean } = {},
) {
  const { bundle, rootfs } = await h.bundle(id, args, false, options.edit);
  const stdio = options.fifos
    ? { stdout: h.fifo(`${id}.out`), stderr: h.fifo(`${id}.err`) }
    : { log: { path: path.join(h.dir, `${id}.log`) } };
  await client.call.create({
    id,
    bundle,
    rootfs,
    terminal: false,
    stdio: task.v1.Stdio.fromPartial(stdio),
    options: {},
  });
}

describe('simultaneous exits in one shim', () => {
  it('gives every init, exec and orphan ending at once its own exit code', async () => {
    const gate = openGate();
    try {
      const group = ['--grouping', 'group', '--group', `sim${process.pid}`];
      const ids = Array.from({ length: INITS }, () => h.id());
      const client = h.client(h.startShim(ids[0], group));
      const withGate = gateMount(gate.dir);
      // The last container has no pid namespace: its background child is re-parented to the
      // shim as the init ends, and ends at the same moment (an orphan for the reaper's sweep).
      const orphanHost = ids[INITS - 1];
      await Promise.all(
        ids.map((id, i) =>
          id === orphanHost
            ? createIn(client, id, ['sh', '-c', `(${gated(99)}) & ${gated(i + 1)}`], {
                edit: (spec) => {
                  withGate(spec);
                  spec.linux.namespaces = spec.linux.namespaces.filter(
                    (ns: { type: string }) => ns.type !== 'pid',
                  );
                },
              })
            : createIn(client, id, ['sh', '-c', gated(i + 1)], { edit: withGate }),
        ),
      );
      await Promise.all(ids.map((id) => client.call.start({ id, execId: '' })));
      // Exec'd processes live in a container that outlives the gate: an init's end would kill
      // the processes of its pid namespace with SIGKILL, whatever they were about to do.
      const execHost = h.id();
      await createIn(client, execHost, ['sleep', '100000'], { edit: withGate });
      await client.call.start({ id: execHost, execId: '' });
      const execIds = Array.from({ length: EXECS }, (_, i) => `x${i}`);
      for (const [i, execId] of execIds.entries()) {
        const spec = Buffer.from(
          JSON.stringify({ args: ['sh', '-c', gated(50 + i)], cwd: '/', user: { uid: 0, gid: 0 } }),
        );
        await client.call.exec({ id: execHost, execId, terminal: false, spec });
      }
      await Promise.all(execIds.map((execId) => client.call.start({ id: execHost, execId })));
      const { shimPid } = await client.call.connect({ id: execHost });
      await waitFor(
        () => waitingAtGate(shimPid, gate.ino) === INITS + EXECS + 1,
        'every process waiting at the gate',
      );

      gate.release();
      const waits = await Promise.all([
        ...ids.map((id) => client.call.wait({ id, execId: '' })),
        ...execIds.map((execId) => client.call.wait({ id: execHost, execId })),
      ]);
      expect(waits.map((w) => w.exitStatus)).toEqual([
        ...ids.map((_, i) => i + 1),
        ...execIds.map((_, i) => 50 + i),
      ]);
      await client.call.kill({ id: execHost, execId: '', signal: 9, all: false });
      expect((await client.call.wait({ id: execHost, execId: '' })).exitStatus).toBe(137);
      await waitFor(() => descendants(shimPid).length === 0, 'every process reaped, the orphan too');
      for (const execId of execIds) await client.call.delete({ id: execHost, execId });
      for (const id of [...ids, execHost]) await client.call.delete({ id, execId: '' });
    } finally {
      gate.release();
    }
  });

  it('gives every container its own exit code while others are created, exit and are deleted beside it', async () => {
    // Like the parallel stages of a build sharing a shim: each worker runs short containers one
    // after another, so one's Delete comes while the others' containers are created or exit.
    const client = h.client(h.startShim(h.id(), ['--grouping', 'group', '--group', `churn${process.pid}`]));
    const worker = async (w: number): Promise<number[]> => {
      const codes: number[] = [];
      for (let step = 0; step < STEPS; step++) {
        const id = h.id();
        await createIn(client, id, ['sh', '-c', `echo ${id}; exit ${w * 10 + step}`], { fifos: w % 2 === 1 });
        await client.call.start({ id, execId: '' });
        codes.push((await client.call.wait({ id, execId: '' })).exitStatus);
        await client.call.delete({ id, execId: '' });
      }
      return codes;
    };
    const workers = Array.from({ length: WORKERS }, (_, w) => w);
    expect(await Promise.all(workers.map(worker))).toEqual(
      workers.map((w) => Array.from({ length: STEPS }, (_, step) => w * 10 + step)),
    );
  });
});
