import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { detachVeth } from '../src/link/bridge-driver';
import { ipBatch } from '../src/link/ip-batch';
import { IpBatchPool } from '../src/link/ip-pool';
import { LinkMonitor, type LinkRef } from '../src/link/link-monitor';
import { NetnsStore } from '../src/netns/netns';
import { eventually, inNetns, Sandbox } from './helpers';

// Needs root and iproute2. Veths carry the sandbox's prefix and live in its own namespace.
describe('LinkMonitor, IpBatchPool and detachVeth (root)', () => {
  const sandbox = new Sandbox();
  const store = new NetnsStore(path.join(sandbox.root, 'run', 'netns'));
  const monitor = new LinkMonitor();
  const pool = new IpBatchPool();
  let netns = '';
  let count = 0;

  beforeAll(async () => {
    monitor.start();
    netns = await store.create(`lm-${sandbox.tag}`);
  });

  afterAll(async () => {
    await monitor.close();
    await pool.close();
    await sandbox.cleanup();
  });

  /** A veth whose peer is `eth0` in the suite's namespace; returns both ends as LinkRefs. */
  async function veth(): Promise<[LinkRef, LinkRef]> {
    const name = `bv${sandbox.tag}m${count++}`;
    await ipBatch([`link add ${name} type veth peer name eth0 netns ${netns}`]);
    const read = (attribute: string) => Number(readFileSync(`/sys/class/net/${name}/${attribute}`, 'utf8'));
    return [
      { ifindex: read('ifindex'), name, foreign: false },
      { ifindex: read('iflink'), name: 'eth0', foreign: true },
    ];
  }

  function heardWithin(promise: Promise<void>, ms: number): Promise<'heard' | 'not heard'> {
    return Promise.race([
      promise.then(() => 'heard' as const),
      new Promise<'not heard'>((resolve) => setTimeout(() => resolve('not heard'), ms)),
    ]);
  }

  it('hears both ends of a veth announced deleted, in the host and in the container namespace', async () => {
    // The monitor subscribes a moment after it starts: retry until it hears a deletion.
    await eventually(async () => {
      const [host, peer] = await veth();
      const both = monitor.awaitDeletion([host, peer]);
      const otherPeer = monitor.awaitDeletion([host, { ...peer, name: 'eth1' }]);
      await ipBatch([`link del ${host.name}`]);
      if ((await heardWithin(both.deleted, 2000)) !== 'heard') throw new Error('deletion not heard yet');
      // Another link's deletion does not count as this one's (the kernel announced both ends of
      // the pair in one go, so the first wait's end means the second one heard all there was).
      expect(await heardWithin(otherPeer.deleted, 100)).toBe('not heard');
      otherPeer.cancel();
    }, 10);
  });

  it('runs batches in long-lived ip helpers, each stopping at its first failing line', async () => {
    const name = `bv${sandbox.tag}p`;
    const sys = `/sys/class/net/${name}`;
    await expect(
      pool.run([`link del ${name}`, `link add ${name} type veth peer name ${name}q`]),
    ).rejects.toThrow(/ip -batch - \(host\) failed \(exit 1\): Cannot find device/);
    expect(existsSync(sys)).toBe(false);
    // Side by side: the second batch gets a helper of its own.
    await Promise.all([
      pool.run([`link add ${name} type veth peer name ${name}q`]),
      pool.run(['link set lo up']),
    ]);
    expect(existsSync(sys)).toBe(true);
    await pool.run([`link del ${name}`]);
    expect(existsSync(sys)).toBe(false);
    // ip would keep the namespace file open for good; output would pass for a later marker.
    await expect(pool.run([`link add ${name} type veth peer name eth0 netns ${netns}`])).rejects.toThrow(
      /without a namespace/,
    );
    await expect(pool.run(['link show dev lo'])).rejects.toThrow(/takes changes/);
  });

  it('detachVeth returns with both ends gone and their names free again', async () => {
    const [host] = await veth();
    await detachVeth(host.name, 'eth0', monitor, pool);
    expect(existsSync(`/sys/class/net/${host.name}`)).toBe(false);
    expect(await inNetns(netns, ['ip', '-o', 'link', 'show'])).not.toContain('eth0');
    // The same names right away, while the first ip may still be freeing the old pair.
    await ipBatch([`link add ${host.name} type veth peer name eth0 netns ${netns}`]);
    await detachVeth(host.name, 'eth0', monitor, pool);
    expect(existsSync(`/sys/class/net/${host.name}`)).toBe(false);
    // A veth that is already gone (its namespace took it along) is not an error.
    await expect(detachVeth(host.name, 'eth0', monitor, pool)).resolves.toBeUndefined();
    // Without a monitor (closed here) it returns once ip has finished the delete.
    const deaf = new LinkMonitor();
    await deaf.close();
    const [again] = await veth();
    await detachVeth(again.name, 'eth0', deaf, pool);
    expect(existsSync(`/sys/class/net/${again.name}`)).toBe(false);
  });
});
