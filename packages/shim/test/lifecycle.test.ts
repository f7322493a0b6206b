// The Task API driven through a real shim over its unix socket, on real busybox containers.
import * as path from 'node:path';
import { task } from '@berth/api';
import { readLog, ShimHarness } from './support/harness';

const { Status } = task.v1;
const h = new ShimHarness('life');
afterEach(() => h.cleanup());
afterAll(() => h.dispose());

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
    expect(readLog(log).map((r) => [r.stream, r.log])).toEqual(
      expect.arrayContaining([
        ['stdout', 'out\n'],
        ['stderr', 'err\n'],
      ]),
    );
    const deleted = await t.client.call.delete({ id: t.id, execId: '' });
    expect(deleted.exitStatus).toBe(7);
  });
});
