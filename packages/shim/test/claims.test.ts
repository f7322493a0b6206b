// Claim and Unclaim: an engine assigns a container to a live shim without starting a process;
// the shim refuses when it is full or going away, so a claim never lands on a shim that exits.
import { existsSync, readdirSync } from 'node:fs';
import * as path from 'node:path';
import { alive, ShimHarness, waitFor } from './support/harness';

const h = new ShimHarness('clm');
afterEach(() => h.cleanup());
afterAll(() => h.dispose());

const SHARED = ['--grouping', 'shared', '--max-per-shim', '2'];

function claimsOf(socket: string): string[] {
  const dir = path.join(path.dirname(socket), 'claims');
  return existsSync(dir) ? readdirSync(dir).sort() : [];
}

describe('claims', () => {
  it('claims a live shim in-process, refuses when it is full, and exits once every claim is released', async () => {
    const [first, second, third] = [h.id(), h.id(), h.id()];
    const socket = h.startShim(first, SHARED);
    const client = h.client(socket);
    const [pid] = h.shimPids();
    await client.call.claim({ id: second, maxPerShim: 2 });
    await client.call.claim({ id: second, maxPerShim: 2 }); // again: still one claim
    expect(claimsOf(socket)).toEqual([first, second].sort());
    await expect(client.call.claim({ id: third, maxPerShim: 2 })).rejects.toMatchObject({
      code: 'ResourceExhausted',
      reason: 'SHIM_FULL',
    });
    await expect(client.call.claim({ id: '../x', maxPerShim: 2 })).rejects.toMatchObject({
      code: 'InvalidArgument',
    });
    // berth-shim start agrees: the full shim is passed over for a new one.
    expect(h.startShim(third, SHARED)).not.toBe(socket);

    await client.call.unclaim({ id: second });
    expect(alive(pid!)).toBe(true);
    await client.call.unclaim({ id: first });
    await waitFor(() => !alive(pid!), 'the shim with no claim left to exit');
    expect(existsSync(path.dirname(socket))).toBe(false);
  });

  it('refuses a claim while the shim drains towards its exit', async () => {
    const t = await h.createTask({ args: ['sleep', '1000'], startFlags: SHARED });
    await t.client.call.start({ id: t.id, execId: '' });
    await t.client.call.shutdown({ now: false });
    await expect(t.client.call.claim({ id: h.id(), maxPerShim: 0 })).rejects.toMatchObject({
      code: 'FailedPrecondition',
      reason: 'SHIM_EXITING',
    });
    await t.client.call.kill({ id: t.id, execId: '', signal: 9, all: false });
    await t.client.call.wait({ id: t.id, execId: '' });
    const [pid] = h.shimPids();
    await t.client.call.delete({ id: t.id, execId: '' });
    await waitFor(() => !alive(pid!), 'the drained shim to exit');
  });

  it('fails a claim on a shim that has exited, so the caller starts a new one', async () => {
    const id = h.id();
    const socket = h.startShim(id, SHARED);
    const client = h.client(socket);
    const [pid] = h.shimPids();
    await client.call.unclaim({ id });
    await waitFor(() => !alive(pid!), 'the shim to exit');
    await expect(client.call.claim({ id: h.id(), maxPerShim: 2 })).rejects.toMatchObject({
      code: 'Unavailable',
    });
  });
});
