import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { LeaseExistsError, LeaseNotFoundError } from '../errors';
import { LeaseManager } from './leases';

describe('LeaseManager (leases.json)', () => {
  let dir: string;
  let file: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'berth-leases-'));
    file = join(dir, 'leases.json');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  async function reopen(): Promise<LeaseManager> {
    const manager = new LeaseManager(file);
    await manager.load();
    return manager;
  }

  it('keeps leases, their resources and labels across a reload', async () => {
    const manager = await reopen();
    const lease = await manager.create({ id: 'build-1', labels: { owner: 'ci' }, blobs: ['sha256:a'] });
    await lease.add({ blobs: ['sha256:b', 'sha256:a'], snapshots: ['chain-1'] });
    await manager.create({ id: 'other', snapshots: ['chain-2'] });
    await manager.removeResources('other', { snapshots: ['chain-2'] });

    const again = await reopen();
    expect(again.get('build-1')).toEqual(
      expect.objectContaining({
        labels: { owner: 'ci' },
        blobs: ['sha256:a', 'sha256:b'],
        snapshots: ['chain-1'],
      }),
    );
    expect(again.list().map((lease) => lease.id)).toEqual(['build-1', 'other']);
    expect(again.held()).toEqual({
      blobs: new Set(['sha256:a', 'sha256:b']),
      snapshots: new Set(['chain-1']),
    });

    await again.handle('build-1').release();
    expect((await reopen()).list().map((lease) => lease.id)).toEqual(['other']);
  });

  it('stops protecting at expiry and expire() deletes expired leases on disk', async () => {
    const manager = await reopen();
    const now = Date.now();
    await manager.create({ id: 'day', ttlMs: 24 * 3600_000, blobs: ['sha256:day'] });
    await manager.create({ id: 'past', expires: new Date(now - 1000), blobs: ['sha256:past'] });
    await manager.create({ id: 'forever', blobs: ['sha256:forever'] });
    expect([...manager.held(now).blobs].sort()).toEqual(['sha256:day', 'sha256:forever']);
    // A day and a bit later only the lease without expiry is left.
    expect([...manager.held(now + 25 * 3600_000).blobs]).toEqual(['sha256:forever']);

    expect(await manager.expire(now)).toEqual(['past']);
    expect((await reopen()).list().map((lease) => lease.id)).toEqual(['day', 'forever']);
  });

  it('refuses duplicate or invalid ids, unknown leases, and a corrupt table', async () => {
    const manager = await reopen();
    await manager.create({ id: 'one' });
    await expect(manager.create({ id: 'one' })).rejects.toBeInstanceOf(LeaseExistsError);
    await expect(manager.create({ id: 'a/b' })).rejects.toMatchObject({ reason: 'INVALID_LEASE_ID' });
    await expect(manager.addResources('nope', { blobs: ['sha256:x'] })).rejects.toBeInstanceOf(
      LeaseNotFoundError,
    );
    expect(() => manager.get('nope')).toThrow(LeaseNotFoundError);
    expect(JSON.parse(readFileSync(file, 'utf8')).leases.one.id).toBe('one');

    writeFileSync(file, '{"version": 1, "leases": ');
    await expect(reopen()).rejects.toMatchObject({ code: 'DataLoss' });
  });
});
