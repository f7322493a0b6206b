import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { ImageStore } from '../src';

describe('leases and GC across a restart', () => {
  let work: string;
  let store: ImageStore | undefined;

  beforeEach(() => {
    work = mkdtempSync(join(tmpdir(), 'berth-images-leases-'));
  });
  afterEach(async () => {
    await store?.close();
    store = undefined;
    rmSync(work, { recursive: true, force: true });
  });

  async function open(): Promise<ImageStore> {
    await store?.close();
    ({ store } = await ImageStore.open({ root: join(work, 'root'), registry: { dockerConfig: false } }));
    return store;
  }

  it('keeps leased blobs through a reopen until the lease is deleted or expires', async () => {
    let images = await open();
    const kept = await images.content.writeBlob(Buffer.from('kept by a lease'), 'application/octet-stream');
    const expiring = await images.content.writeBlob(Buffer.from('lease expired'), 'application/octet-stream');
    const loose = await images.content.writeBlob(Buffer.from('nobody holds me'), 'application/octet-stream');
    await images.leases.create({ id: 'client-1', labels: { owner: 'test' }, blobs: [kept.digest] });
    await images.leases.create({ id: 'done', expires: new Date(Date.now() - 1), blobs: [expiring.digest] });

    images = await open();
    const gc = await images.gc();
    expect(gc.removedBlobs.sort()).toEqual([expiring.digest, loose.digest].sort());
    expect(gc.expiredLeases).toEqual(['done']);
    expect(await images.content.has(kept.digest)).toBe(true);
    expect(images.leases.list().map((lease) => lease.id)).toEqual(['client-1']);

    await images.leases.delete('client-1');
    images = await open();
    expect((await images.gc()).removedBlobs).toEqual([kept.digest]);
  });
});
