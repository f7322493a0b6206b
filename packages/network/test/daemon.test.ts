import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { network as api } from '@berth/api';
import { dial, type BerthClient } from '@berth/kit';
import { listTable } from '../src/firewall/nft';
import { linkExists, linksWithPrefix } from '../src/link/host-links';
import { eventually, inNetns, Sandbox } from './helpers';

// Needs root. Runs the bundled berth-network binary, talks gRPC to it, kills it with SIGKILL in
// the middle of attaches and checks the restart repairs everything.
jest.setTimeout(60_000);

const pkg = path.join(__dirname, '..');
const bundle = path.join(pkg, 'dist/bundle/berth-network.js');
const pb = api.v1;

describe('berth-network daemon (root)', () => {
  const sandbox = new Sandbox();
  const opts = sandbox.options();
  const socket = path.join(sandbox.root, 'run', 'network.sock');
  const defaultBridge = `${opts.bridgePrefix}def`;
  let daemon: ChildProcess | undefined;
  let client: BerthClient<InstanceType<typeof pb.NetworkClient>> | undefined;

  function start(): ChildProcess {
    const child = spawn(
      process.execPath,
      [
        bundle,
        `--root=${opts.stateDir}`,
        `--run=${path.join(sandbox.root, 'run')}`,
        `--table=${opts.table}`,
        `--veth-prefix=${opts.vethPrefix}`,
        `--bridge-prefix=${opts.bridgePrefix}`,
        `--default-bridge=${defaultBridge}`,
        '--default-subnet=10.231.40.0/24',
        '--upstreams=127.0.0.1:9',
        '--log-level=warn',
      ],
      { stdio: ['ignore', 'ignore', 'inherit'] },
    );
    daemon = child;
    return child;
  }

  async function connect() {
    client?.close();
    client = dial(pb.NetworkClient, socket, { component: 'network' });
    await eventually(() => client!.waitForReady(1000));
    return client.call;
  }

  function exited(child: ChildProcess): Promise<number | null> {
    if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode);
    return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
  }

  beforeAll(() => {
    if (!existsSync(bundle))
      spawnSync(process.execPath, [path.join(pkg, 'scripts/bundle.js')], { stdio: 'inherit' });
  });

  afterAll(async () => {
    client?.close();
    if (daemon && daemon.exitCode === null) {
      daemon.kill('SIGKILL');
      await exited(daemon);
    }
    await sandbox.cleanup();
  });

  it('rejects bad flags and config with one clear line', () => {
    const bad = spawnSync(process.execPath, [bundle, '--no-such-flag'], { encoding: 'utf8' });
    expect(bad.status).toBe(2);
    expect(bad.stderr.split('\n')[0]).toMatch(/^berth: berth-network: .*no-such-flag/);
    const badValue = spawnSync(process.execPath, [bundle, `--root=${opts.stateDir}`, '--port-range=9-1'], {
      encoding: 'utf8',
    });
    expect(badValue.status).toBe(1);
    expect(badValue.stderr.trim()).toMatch(/^berth: berth-network: portRange: "9-1" is not a port range/);
  });

  it('serves the API with the right gRPC statuses', async () => {
    start();
    const call = await connect();
    const list = await call.listNetworks({});
    expect(list.networks.map((n) => n.name)).toEqual(['berth0']);
    expect(list.networks[0]).toMatchObject({
      bridge: defaultBridge,
      subnet: '10.231.40.0/24',
      gateway: '10.231.40.1',
    });

    await expect(
      call.createNetwork(pb.CreateNetworkRequest.fromPartial({ name: 'berth0' })),
    ).rejects.toMatchObject({
      code: 'AlreadyExists',
    });
    await expect(
      call.createNetwork(pb.CreateNetworkRequest.fromPartial({ name: 'bad', subnet: '10.0.0.0/40' })),
    ).rejects.toMatchObject({ code: 'InvalidArgument' });
    await expect(
      call.attach(
        pb.AttachRequest.fromPartial({ containerId: 'x', netnsPath: '/nonexistent', network: 'berth0' }),
      ),
    ).rejects.toMatchObject({ code: 'NotFound' });

    const { path: netns } = await call.createNetns({ name: `web-${sandbox.tag}` });
    const attached = await call.attach(
      pb.AttachRequest.fromPartial({
        containerId: 'web',
        name: 'web',
        netnsPath: netns,
        network: 'berth0',
        ports: [{ hostPort: 0, containerPort: 80, protocol: pb.Protocol.PROTOCOL_TCP }],
      }),
    );
    expect(attached).toMatchObject({
      ifname: 'eth0',
      address: '10.231.40.2',
      prefixLength: 24,
      dnsServers: ['10.231.40.1'],
    });
    expect(attached.ports[0].hostPort).toBeGreaterThanOrEqual(49153);
    const inspected = await call.inspectNetwork({ network: 'berth0' });
    expect(inspected.network?.containers).toEqual([
      { containerId: 'web', name: 'web', ifname: 'eth0', address: '10.231.40.2', mac: attached.mac },
    ]);
    await expect(call.removeNetwork({ network: 'berth0', force: true })).rejects.toMatchObject({
      code: 'FailedPrecondition',
    });
    expect(await inNetns(netns, ['busybox', 'nslookup', 'web', attached.gateway])).toContain('10.231.40.2');

    // RemoveNetns unmounts in process: the bundled daemon finds @berth/sys's addon.
    const { path: spare } = await call.createNetns({ name: `spare-${sandbox.tag}` });
    await call.removeNetns({ name: `spare-${sandbox.tag}` });
    expect(existsSync(spare)).toBe(false);
  });

  it('repairs state after kill -9 in the middle of attaches', async () => {
    const call = await connect();
    const names = Array.from({ length: 8 }, (_, i) => `k${i}-${sandbox.tag}`);
    const paths = await Promise.all(names.map((name) => call.createNetns({ name }).then((r) => r.path)));
    const attaches = names.map((name, i) =>
      call.attach(
        pb.AttachRequest.fromPartial({ containerId: name, netnsPath: paths[i], network: 'berth0' }),
      ),
    );
    // Kill as soon as the first of them is done: the others are queued or half made.
    await Promise.race(attaches);
    daemon!.kill('SIGKILL');
    await exited(daemon!);
    await Promise.allSettled(attaches);

    start();
    const again = await connect();
    const containers = (await again.inspectNetwork({ network: 'berth0' })).network!.containers;
    expect(containers.length).toBeGreaterThanOrEqual(2); // web and at least the first attach
    const addresses = containers.map((c) => c.address);
    expect(new Set(addresses).size).toBe(addresses.length);
    // Every surviving endpoint is real, and no veth exists without one.
    expect((await linksWithPrefix(opts.vethPrefix)).length).toBe(containers.length);
    for (const c of containers) {
      const netns = path.join(
        sandbox.root,
        'run',
        'netns',
        c.containerId === 'web' ? `web-${sandbox.tag}` : c.containerId,
      );
      expect(await inNetns(netns, ['ip', '-br', 'addr', 'show', 'eth0'])).toContain(c.address);
    }
    // Those that did not survive can attach again and get fresh, unique addresses.
    const survivors = new Set(containers.map((c) => c.containerId));
    for (const [i, name] of names.entries()) {
      if (survivors.has(name)) continue;
      const result = await again.attach(
        pb.AttachRequest.fromPartial({ containerId: name, netnsPath: paths[i], network: 'berth0' }),
      );
      expect(addresses).not.toContain(result.address);
      addresses.push(result.address);
    }
  });

  it('detaches everything, leaves no rules, and stops on SIGTERM', async () => {
    const call = await connect();
    const containers = (await call.inspectNetwork({ network: 'berth0' })).network!.containers;
    for (const c of containers) await call.detach({ containerId: c.containerId, network: '' });
    expect(await linksWithPrefix(opts.vethPrefix)).toEqual([]);
    const table = await listTable(opts.table);
    expect(table).not.toMatch(/pub_tcp_any \{[^}]*elements/);
    daemon!.kill('SIGTERM');
    expect(await exited(daemon!)).toBe(0);
    expect(existsSync(socket)).toBe(false);
    // The bridge stays for the next start; the next start reuses it.
    expect(await linkExists(defaultBridge)).toBe(true);
  });
});
