// runtime.md "Kill": signal names and numbers, --all, errors for stopped containers.
import { Harness } from './support/harness';

const h = new Harness('kill');
afterEach(() => h.cleanup());
afterAll(() => h.dispose());

async function running(args: string[]): Promise<string> {
  const { id } = h.create(await h.bundle(args));
  h.runtime(['start', id]);
  return id;
}

describe('kill', () => {
  it('sends SIGTERM by default', async () => {
    // pid 1 of a pid namespace ignores signals it has no handler for: install one.
    const id = await running(['sh', '-c', 'trap "exit 0" TERM; while :; do sleep 0.1; done']);
    expect(h.runtime(['kill', id]).status).toBe(0);
    await h.waitStatus(id, 'stopped');
  });

  it.each(['KILL', 'SIGKILL', '9'])('accepts the signal as %s', async (signal) => {
    const id = await running(['sleep', '100']);
    expect(h.runtime(['kill', id, signal]).status).toBe(0);
    await h.waitStatus(id, 'stopped');
  });

  it('delivers the signal to the process, which may handle it', async () => {
    const bundle = await h.bundle([
      'sh',
      '-c',
      'trap "echo got-usr1; exit 4" USR1; while :; do sleep 0.1; done',
    ]);
    const id = h.id();
    const run = h.runtimeAsync(['run', '--bundle', bundle, id]);
    for (let i = 0; i < 500 && h.runtime(['state', id]).status !== 0; i++)
      await new Promise((r) => setTimeout(r, 10));
    await h.waitStatus(id, 'running');
    await new Promise((r) => setTimeout(r, 300));
    h.runtime(['kill', id, 'USR1']);
    const r = await run;
    expect(r.stdout).toBe('got-usr1\n');
    expect(r.status).toBe(4);
  });

  it('kills every process with --all', async () => {
    const id = await running(['sh', '-c', 'sleep 100 & sleep 100 & wait']);
    expect(h.runtime(['kill', '--all', id, 'KILL']).status).toBe(0);
    await h.waitStatus(id, 'stopped');
    // runc prints null for no processes, Berth [].
    expect(JSON.parse(h.runtime(['ps', '--format', 'json', id]).stdout) ?? []).toEqual([]);
  });

  it('refuses to signal a stopped container and an unknown signal', async () => {
    const id = await running(['true']);
    await h.waitStatus(id, 'stopped');
    expect(h.runtime(['kill', id, 'KILL']).status).not.toBe(0);
    const live = await running(['sleep', '100']);
    expect(h.runtime(['kill', live, 'SIGNOPE']).status).not.toBe(0);
  });
});
