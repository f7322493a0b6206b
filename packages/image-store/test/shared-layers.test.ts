import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { busyboxLayout, startRegistry, type BusyboxLayout, type RunningRegistry } from '@berth/fixtures';
import { RegistryClient } from '@berth/registry-client';

import { chainIds, ImageStore } from '../src';
import { writeImageLayout } from './support/image-layout';
import { gzip, tarOf } from './support/layers';
import { sha256 } from './support/unpack';

// Needs root (unpacking owners). Two images on the same base, pulled at the same time, twice.

describe('concurrent pulls of images that share layers', () => {
  let work: string;
  let registry: RunningRegistry;
  let busybox: BusyboxLayout;

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'berth-shared-'));
    busybox = await busyboxLayout();
    registry = await startRegistry();
    const baseLayer = readFileSync(
      join(busybox.dir, 'blobs/sha256', busybox.layerDigest.slice('sha256:'.length)),
    );
    const appTar = tarOf([
      { name: 'app/', type: 'directory' },
      { name: 'app/run', content: '#!/bin/sh\n', mode: 0o755 },
    ]);
    const appLayout = join(work, 'app-layout');
    writeImageLayout(
      appLayout,
      [
        { blob: baseLayer, mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip', diffId: busybox.diffId },
        {
          blob: gzip(appTar),
          mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip',
          diffId: sha256(appTar),
        },
      ],
      'app',
    );
    const client = new RegistryClient({ dockerConfig: false });
    try {
      await client.push(busybox.dir, `${registry.host}/library/busybox:1`, { name: 'busybox' });
      await client.push(appLayout, `${registry.host}/app:1`, { name: 'app' });
    } finally {
      await client.close();
    }
  });

  afterAll(async () => {
    await registry?.stop();
    rmSync(work, { recursive: true, force: true });
  });

  it('downloads and unpacks each shared layer once', async () => {
    const { store } = await ImageStore.open({ root: join(work, 'root'), registry: { dockerConfig: false } });
    try {
      // Count downloads where they start: every blob download opens an ingest.
      const opened: string[] = [];
      const open = store.content.ingests.open.bind(store.content.ingests);
      store.content.ingests.open = (ref, expected) => {
        opened.push(expected.digest);
        return open(ref, expected);
      };
      const names = [`${registry.host}/library/busybox:1`, `${registry.host}/app:1`];
      const pulled = await Promise.all([...names, ...names].map((name) => store.pull(name)));

      expect(opened.filter((digest) => digest === busybox.layerDigest)).toHaveLength(1);
      expect(new Set(opened).size).toBe(opened.length);
      const app = pulled[1]!;
      const chain = chainIds(app.layers.map((layer) => layer.diffId));
      expect(app.chainId).toBe(chain[1]);
      const committed = (await store.snapshots.list()).map(
        (info) => `${info.key}:${info.kind}:${info.parent ?? ''}`,
      );
      expect(committed.sort()).toEqual(
        [`${busybox.diffId}:committed:`, `${chain[1]}:committed:${busybox.diffId}`].sort(),
      );
      expect(await store.content.ingests.list()).toEqual([]);
    } finally {
      await store.close();
    }
  });
});
