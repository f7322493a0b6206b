import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';

import { createImagesClient, images as api, type ImagesServiceClient } from '@berth/api';
import { busyboxLayout, startRegistry, type BusyboxLayout, type RunningRegistry } from '@berth/fixtures';
import { RegistryClient } from '@berth/registry-client';

import { writeImageLayout } from './support/image-layout';
import { startDaemon, type RunningDaemon } from './support/daemon';
import { gzip, tarOf } from './support/layers';
import { mountAll, unmountUnder } from './support/mounts';
import { startSlowProxy, type SlowProxy } from './support/slow-proxy';
import { sha256 } from './support/unpack';

// Needs root: overlay mounts and chroot. The daemon runs as a real child process.

const pb = api.v1;

function unary<Res>(invoke: (callback: (err: Error | null, res: Res) => void) => unknown): Promise<Res> {
  return new Promise((resolve, reject) => invoke((err, res) => (err ? reject(err) : resolve(res))));
}

function collect<T>(
  stream: NodeJS.EventEmitter & AsyncIterable<T>,
  onMessage?: (message: T) => void,
): Promise<T[]> {
  return (async () => {
    const messages: T[] = [];
    for await (const message of stream) {
      messages.push(message);
      onMessage?.(message);
    }
    return messages;
  })();
}

describe('berth-images daemon', () => {
  let work: string;
  let registry: RunningRegistry;
  let proxy: SlowProxy;
  let busybox: BusyboxLayout;
  let daemon: RunningDaemon | undefined;
  let client: ImagesServiceClient | undefined;
  let root: string;
  let socket: string;
  let bigLayer: { digest: string; size: number };

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'bi-daemon-'));
    root = join(work, 'root');
    socket = join(work, 'images.sock');
    busybox = await busyboxLayout();
    registry = await startRegistry();
    const [host, port] = registry.host.split(':');
    proxy = await startSlowProxy({ host: host!, port: Number(port) }, 4 << 20);
    // An image with an incompressible 12 MiB layer: a pull through the proxy takes seconds.
    const tar = tarOf([{ name: 'big', content: randomBytes(12 << 20) }]);
    const blob = gzip(tar);
    bigLayer = { digest: sha256(blob), size: blob.length };
    const bigLayout = join(work, 'big-layout');
    writeImageLayout(
      bigLayout,
      [{ blob, mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip', diffId: sha256(tar) }],
      'big',
    );
    const registryClient = new RegistryClient({ dockerConfig: false });
    try {
      await registryClient.push(busybox.dir, `${registry.host}/library/busybox:1`, { name: 'busybox' });
      await registryClient.push(bigLayout, `${registry.host}/big:1`, { name: 'big' });
    } finally {
      await registryClient.close();
    }
  });

  async function start(): Promise<ImagesServiceClient> {
    await stop(true); // one left by a failed test
    daemon = await startDaemon(root, socket);
    client = createImagesClient(socket);
    return client;
  }

  async function stop(kill = false): Promise<void> {
    client?.close();
    client = undefined;
    if (kill) await daemon?.kill();
    else if (daemon) expect(await daemon.stop()).toBe(0);
    daemon = undefined;
  }

  afterAll(async () => {
    client?.close();
    await daemon?.kill();
    unmountUnder(work);
    await proxy?.close();
    await registry?.stop();
    rmSync(work, { recursive: true, force: true });
  });

  it('pulls, lists, inspects, tags and serves snapshots over gRPC', async () => {
    const { images, snapshots } = await start();
    const reference = `${registry.host}/library/busybox:1`;
    const events = await collect(images.pull(pb.PullRequest.fromPartial({ reference })) as never);
    const kinds = (events as api.v1.PullResponse[]).map((event) => event.event?.$case);
    expect(kinds[0]).toBe('resolving');
    expect(kinds).toContain('layer');
    const last = (events as api.v1.PullResponse[])[events.length - 1]!.event;
    expect(last?.$case).toBe('image');
    const image = last?.$case === 'image' ? last.image : undefined;
    expect(image).toMatchObject({ name: reference, chainId: busybox.diffId });

    const pushed = (await collect(
      images.push(
        pb.PushRequest.fromPartial({ name: reference, destination: `${registry.host}/copies/bb:1` }),
      ) as never,
    )) as api.v1.PushResponse[];
    const pushEnd = pushed[pushed.length - 1]!.event;
    expect(pushEnd?.$case === 'digest' && pushEnd.digest).toBe(busybox.manifestDigest);
    expect(pushed.some((m) => m.event?.$case === 'blob' && m.event.blob.digest === busybox.layerDigest)).toBe(
      true,
    );

    const listed = await unary<api.v1.ListResponse>((cb) =>
      images.list(pb.ListRequest.fromPartial({ name: '*busybox*' }), cb),
    );
    expect(listed.images.map((entry) => entry.name)).toEqual([reference]);
    const got = await unary<api.v1.GetResponse>((cb) =>
      images.get(pb.GetRequest.fromPartial({ name: reference }), cb),
    );
    expect(got.manifestDigest).toBe(busybox.manifestDigest);
    expect(got.layers[0]).toMatchObject({ diffId: busybox.diffId, chainId: busybox.diffId });
    expect(JSON.parse(got.configJson).rootfs.diff_ids).toEqual([busybox.diffId]);
    await unary<api.v1.TagResponse>((cb) =>
      images.tag(pb.TagRequest.fromPartial({ source: reference, target: 'localhost/mine:2' }), cb),
    );
    await expect(
      unary<api.v1.GetResponse>((cb) => images.get(pb.GetRequest.fromPartial({ name: 'nothing-here' }), cb)),
    ).rejects.toMatchObject({
      code: 5, // NOT_FOUND
    });

    const prepared = await unary<api.v1.PrepareResponse>((cb) =>
      snapshots.prepare(pb.PrepareRequest.fromPartial({ key: 'ctr', parent: busybox.diffId }), cb),
    );
    const rootfs = join(work, 'rootfs');
    const unmount = mountAll(
      prepared.mounts.map((m) => ({
        type: m.type as 'overlay' | 'bind',
        source: m.source,
        options: m.options,
      })),
      rootfs,
    );
    try {
      execFileSync('chroot', [rootfs, '/bin/busybox', 'true']);
    } finally {
      unmount();
    }
    const stat = await unary<api.v1.StatResponse>((cb) =>
      snapshots.stat(pb.StatRequest.fromPartial({ key: 'ctr' }), cb),
    );
    expect(stat.info).toMatchObject({
      key: 'ctr',
      kind: pb.SnapshotKind.SNAPSHOT_KIND_ACTIVE,
      parent: busybox.diffId,
    });
    const usage = await unary<api.v1.UsageResponse>((cb) =>
      images.usage(pb.UsageRequest.fromPartial({}), cb),
    );
    expect(usage.images.map((entry) => entry.name).sort()).toEqual([reference, 'localhost/mine:2'].sort());
    await unary<api.v1.RemoveSnapshotResponse>((cb) =>
      snapshots.removeSnapshot(pb.RemoveSnapshotRequest.fromPartial({ key: 'ctr' }), cb),
    );

    // Export as one archive both skopeo transports read, then import it back under a new name.
    const archive = join(work, 'busybox.tar');
    await pipeline(
      images.export(pb.ExportRequest.fromPartial({ names: [reference] })) as never,
      async function* (source: AsyncIterable<api.v1.ExportResponse>) {
        for await (const message of source) yield Buffer.from(message.data);
      },
      createWriteStream(archive),
    );
    const viaOci = JSON.parse(execFileSync('skopeo', ['inspect', `oci-archive:${archive}:1`]).toString());
    expect(viaOci.Digest).toBe(busybox.manifestDigest);
    const viaDocker = JSON.parse(execFileSync('skopeo', ['inspect', `docker-archive:${archive}`]).toString());
    // docker-archive images are described by their uncompressed layers.
    expect(viaDocker.Layers).toEqual([busybox.diffId]);

    await unary<api.v1.RemoveResponse>((cb) =>
      images.remove(pb.RemoveRequest.fromPartial({ name: reference }), cb),
    );
    await unary<api.v1.RemoveResponse>((cb) =>
      images.remove(pb.RemoveRequest.fromPartial({ name: 'localhost/mine:2' }), cb),
    );
    const pruned = await unary<api.v1.PruneResponse>((cb) =>
      images.prune(pb.PruneRequest.fromPartial({}), cb),
    );
    expect(pruned.removedSnapshots).toEqual([busybox.diffId]);

    const imported = await new Promise<api.v1.ImportResponse>((resolve, reject) => {
      const call = images.import((err, res) => (err ? reject(err) : resolve(res)));
      let first = true;
      const file = createReadStream(archive, { highWaterMark: 256 << 10 });
      file.on('data', (chunk) => {
        call.write(
          pb.ImportRequest.fromPartial({ data: chunk as Buffer, name: first ? 'localhost/imported:1' : '' }),
        );
        first = false;
      });
      file.on('end', () => call.end());
    });
    expect(imported.images.map((entry) => entry.name)).toEqual(['localhost/imported:1']);
    await stop();
  });

  it('survives kill -9 in the middle of a pull and resumes the download after restart', async () => {
    const { images } = await start();
    const reference = `${proxy.host}/big:1`;
    const call = images.pull(pb.PullRequest.fromPartial({ reference }));
    let killed = false;
    await new Promise<void>((resolve) => {
      call.on('data', (message: api.v1.PullResponse) => {
        const event = message.event;
        if (
          !killed &&
          event?.$case === 'layer' &&
          event.layer.digest === bigLayer.digest &&
          event.layer.current > 2 << 20
        ) {
          killed = true;
          void stop(true).then(resolve);
        }
      });
      call.on('error', () => undefined);
      call.on('end', resolve);
    });
    expect(killed).toBe(true);
    // Nothing partial is visible as a blob.
    const blobs = readdirSync(join(root, 'content/blobs/sha256'));
    expect(blobs).not.toContain(bigLayer.digest.slice('sha256:'.length));
    for (const blob of blobs)
      expect(sha256(readFileSync(join(root, 'content/blobs/sha256', blob)))).toBe(`sha256:${blob}`);

    // The half-downloaded layer waits in the ingest area.
    expect(readdirSync(join(root, 'ingest'))).toHaveLength(1);

    // The pull's lease is on disk, so what it already wrote survives the restart and a prune.
    const leases = (): { labels: Record<string, string>; blobs: string[] }[] =>
      Object.values(JSON.parse(readFileSync(join(root, 'leases.json'), 'utf8')).leases);
    expect(leases()).toEqual([
      expect.objectContaining({
        labels: expect.objectContaining({ 'berth.io/lease.purpose': 'pull' }),
        blobs: expect.arrayContaining([bigLayer.digest]),
      }),
    ]);
    const leasedOnDisk = leases()[0]!.blobs.filter((digest) =>
      blobs.includes(digest.slice('sha256:'.length)),
    );
    expect(leasedOnDisk.length).toBeGreaterThan(0); // at least its manifest and config

    const { images: again } = await start();
    await unary<api.v1.PruneResponse>((cb) => again.prune(pb.PruneRequest.fromPartial({}), cb));
    const afterPrune = readdirSync(join(root, 'content/blobs/sha256'));
    for (const digest of leasedOnDisk) expect(afterPrune).toContain(digest.slice('sha256:'.length));
    const events = (await collect(
      again.pull(pb.PullRequest.fromPartial({ reference })) as never,
    )) as api.v1.PullResponse[];
    const firstBig = events.find(
      (event) =>
        event.event?.$case === 'layer' &&
        event.event.layer.digest === bigLayer.digest &&
        event.event.layer.phase === pb.LayerPhase.LAYER_PHASE_DOWNLOADING,
    );
    expect(firstBig?.event?.$case === 'layer' && firstBig.event.layer.current).toBeGreaterThan(2 << 20);
    expect(events[events.length - 1]!.event?.$case).toBe('image');

    const layout = join(root, 'content');
    const validated = execFileSync('oci-image-tool', [
      'validate',
      '--type',
      'image',
      '--ref',
      `name=${reference}`,
      layout,
    ]);
    expect(validated.toString()).toMatch(/Validation succeeded/);
    for (const blob of readdirSync(join(layout, 'blobs/sha256'))) {
      expect(sha256(readFileSync(join(layout, 'blobs/sha256', blob)))).toBe(`sha256:${blob}`);
    }
    expect(readdirSync(join(root, 'ingest'))).toEqual([]);
    // The finished pull released its lease, and the killed pull's, whose work it has now done.
    expect(leases()).toEqual([]);
    // The extraction the kill interrupted was dropped at restart: only committed layers remain.
    const listed = await unary<api.v1.ListSnapshotsResponse>((cb) =>
      client!.snapshots.listSnapshots(pb.ListSnapshotsRequest.fromPartial({}), cb),
    );
    expect(listed.snapshots.map((info) => info.kind)).toEqual(
      listed.snapshots.map(() => pb.SnapshotKind.SNAPSHOT_KIND_COMMITTED),
    );
    expect(readdirSync(join(root, 'snapshots'))).toHaveLength(listed.snapshots.length);
    await stop();
  });
});
