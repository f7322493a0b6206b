import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { run } from '../src/util/run';
import { isNetns, NetnsStore, requireNetns } from '../src/netns/netns';

describe('NetnsStore (root)', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'berth-netns-'));
  const store = new NetnsStore(path.join(dir, 'netns'));
  const name = `t${process.pid}`;

  afterAll(async () => {
    await store.remove(name).catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  });

  it('creates a namespace with loopback up and removes it', async () => {
    const file = await store.create(name);
    expect(await isNetns(file)).toBe(true);
    const links = JSON.parse(await run('nsenter', [`--net=${file}`, 'ip', '-j', 'link', 'show', 'lo']));
    expect(links[0].operstate).toBe('UNKNOWN');
    expect(links[0].flags).toContain('UP');
    await expect(store.create(name)).resolves.toBe(file);
    await store.remove(name);
    expect(await isNetns(file)).toBe(false);
  });

  it('rejects bad names and missing namespaces', async () => {
    expect(() => store.pathOf('../x')).toThrow(/not a valid name/);
    await expect(requireNetns(path.join(dir, 'nope'), 'netns_path')).rejects.toThrow(
      /not a network namespace/,
    );
    await expect(requireNetns('relative', 'netns_path')).rejects.toThrow(/absolute/);
  });
});
