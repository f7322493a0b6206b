import { mkdirSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import dgram from 'node:dgram';
import { NetworkManager } from '../src/manager/network-manager';
import { applyNft, listTable } from '../src/firewall/nft';
import { ipBatch } from '../src/link/ip-batch';
import { linksWithPrefix } from '../src/link/host-links';
import { parsePortSpec } from '../src/ports/port-request';
import { run } from '../src/util/run';
import { eventually, inNetns, Sandbox, silentLog } from './helpers';

// Needs root, nftables, iproute2 and busybox. Traffic goes only to 127.0.0.1 and to addresses of
// the bridges and namespaces this suite creates.
jest.setTimeout(30_000);

function httpGet(url: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { timeout: 2000 }, (res) => {
      let body = '';
      res.on('data', (chunk) => (body += chunk));
      res.on('end', () => resolve(body));
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
  });
}

function udpExchange(host: string, port: number, message: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = dgram.createSocket('udp4');
    const timer = setTimeout(() => {
      socket.close();
      reject(new Error('no udp reply'));
    }, 1000);
    socket.on('message', (reply) => {
      clearTimeout(timer);
      socket.close();
      resolve(reply.toString());
    });
    socket.send(message, port, host);
  });
}

describe('NetworkManager (root)', () => {
  const sandbox = new Sandbox();
  let manager: NetworkManager;
  const web = `web-${sandbox.tag}`;

  beforeAll(async () => {
    manager = await NetworkManager.open(sandbox.options(), silentLog);
  });

  afterAll(async () => {
    await manager?.close().catch(() => undefined);
    await sandbox.cleanup();
  });

  it('connects two containers of one network by address and name, isolates a third network', async () => {
    const front = await manager.createNetwork({ name: 'front', subnet: '10.231.10.0/24' });
    const back = await manager.createNetwork({ name: 'back', subnet: '10.231.11.0/24' });
    expect(manager.inspectNetwork('front').bridge).toBe(front.bridge);

    const nsA = await manager.createNetns(`a-${sandbox.tag}`);
    const nsB = await manager.createNetns(`b-${sandbox.tag}`);
    const nsC = await manager.createNetns(`c-${sandbox.tag}`);
    const a = await manager.attach({ containerId: 'ctr-a', name: web, netnsPath: nsA, network: 'front' });
    const b = await manager.attach({
      containerId: 'ctr-b',
      name: 'client',
      netnsPath: nsB,
      network: 'front',
    });
    const c = await manager.attach({
      containerId: 'ctr-c',
      name: 'stranger',
      netnsPath: nsC,
      network: back.id,
    });
    expect(a).toMatchObject({ ifname: 'eth0', address: '10.231.10.2', gateway: '10.231.10.1', prefix: 24 });
    expect(a.dnsServers).toEqual(['10.231.10.1']);
    expect(b.address).toBe('10.231.10.3');

    await inNetns(nsB, ['busybox', 'ping', '-c', '1', '-W', '2', a.address]);
    const resolved = await inNetns(nsB, ['busybox', 'nslookup', web, b.dnsServers[0]]);
    expect(resolved).toContain(a.address);
    const qualified = await inNetns(nsB, ['busybox', 'nslookup', `${web}.berth.internal`, b.dnsServers[0]]);
    expect(qualified).toContain(a.address);

    await expect(inNetns(nsC, ['busybox', 'ping', '-c', '1', '-W', '1', a.address])).rejects.toThrow();
    await expect(
      inNetns(nsC, ['busybox', 'nslookup', `${web}.berth.internal`, c.dnsServers[0]]),
    ).rejects.toThrow(/NXDOMAIN|can't find/);
    expect(
      manager
        .inspectNetwork('front')
        .containers.map((x) => x.name)
        .sort(),
    ).toEqual(['client', web]);
  });

  it('publishes tcp on 127.0.0.1 and the bridge address, and udp, reachable from a peer (hairpin)', async () => {
    const nsA = path.join(manager.netns.dir, `a-${sandbox.tag}`);
    const nsB = path.join(manager.netns.dir, `b-${sandbox.tag}`);
    const www = path.join(sandbox.root, 'www');
    mkdirSync(www);
    writeFileSync(path.join(www, 'index.html'), 'hello from berth\n');
    const nsD = await manager.createNetns(`d-${sandbox.tag}`);
    sandbox.spawn('nsenter', [`--net=${nsD}`, '--', 'busybox', 'httpd', '-f', '-p', '80', '-h', www]);
    // busybox's nc has no UDP mode here; a node UDP echo server stands in.
    const udpEcho =
      "require('dgram').createSocket('udp4').on('message', function (m, r) { this.send('pong', r.port, r.address); }).bind(53)";
    sandbox.spawn('nsenter', [`--net=${nsD}`, '--', process.execPath, '-e', udpEcho]);
    const d = await manager.attach({
      containerId: 'ctr-d',
      name: 'srv',
      netnsPath: nsD,
      network: 'front',
      ports: [parsePortSpec('127.0.0.1:18480:80'), parsePortSpec('18481:80'), parsePortSpec('18453:53/udp')],
    });
    expect(d.ports.map((p) => p.hostPort)).toEqual([18480, 18481, 18453]);

    expect(await eventually(() => httpGet('http://127.0.0.1:18480/'))).toBe('hello from berth\n');
    expect(await httpGet(`http://${d.gateway}:18481/`)).toBe('hello from berth\n');
    expect(await eventually(() => udpExchange('127.0.0.1', 18453, 'ping'))).toContain('pong');
    // Another container of the network reaches the published port through the gateway address.
    const fromPeer = await inNetns(nsB, [
      'timeout',
      '5',
      'busybox',
      'wget',
      '-q',
      '-O',
      '-',
      `http://${d.gateway}:18481/`,
    ]);
    expect(fromPeer).toBe('hello from berth\n');
    // And a container reaches its own published port (hairpin on the bridge port).
    const own = await inNetns(nsD, [
      'timeout',
      '5',
      'busybox',
      'wget',
      '-q',
      '-O',
      '-',
      `http://${d.gateway}:18481/`,
    ]);
    expect(own).toBe('hello from berth\n');
    expect(nsA).toBeTruthy();

    await expect(
      manager.attach({
        containerId: 'ctr-e',
        netnsPath: nsB,
        network: 'front',
        ports: [parsePortSpec('18481:80')],
      }),
    ).rejects.toMatchObject({ code: 'AlreadyExists' });
  });

  it('refuses bad requests with the right status and leaves no partial state', async () => {
    const nsB = path.join(manager.netns.dir, `b-${sandbox.tag}`);
    const before = (await linksWithPrefix(`bv${sandbox.tag}`)).length;
    await expect(manager.createNetwork({ name: 'front' })).rejects.toMatchObject({ code: 'AlreadyExists' });
    await expect(manager.createNetwork({ name: 'x', subnet: '10.231.10.128/25' })).rejects.toMatchObject({
      reason: 'SUBNET_OVERLAP',
    });
    await expect(manager.createNetwork({ name: 'x', subnet: '10.231.300.0/24' })).rejects.toMatchObject({
      code: 'InvalidArgument',
    });
    await expect(
      manager.attach({ containerId: 'ghost', netnsPath: path.join(sandbox.root, 'none'), network: 'front' }),
    ).rejects.toMatchObject({ code: 'NotFound' });
    await expect(
      manager.attach({ containerId: 'ctr-b', netnsPath: nsB, network: 'front' }),
    ).rejects.toMatchObject({
      code: 'AlreadyExists',
    });
    await expect(
      manager.attach({ containerId: 'ctr-z', netnsPath: nsB, network: 'nope' }),
    ).rejects.toMatchObject({
      code: 'NotFound',
    });
    await expect(manager.removeNetwork('front', false)).rejects.toMatchObject({
      code: 'FailedPrecondition',
    });
    // Another tool's bridge is never taken over (nor deleted by a rollback).
    const other = `${sandbox.options().bridgePrefix}other`;
    await expect(
      manager.createNetwork({ name: 'thief', bridgeName: manager.inspectNetwork('back').bridge }),
    ).rejects.toMatchObject({ code: 'InvalidArgument' });
    await ipBatch([`link add ${other} type bridge`]);
    await expect(manager.createNetwork({ name: 'thief', bridgeName: other })).rejects.toMatchObject({
      reason: 'BRIDGE_EXISTS',
    });
    expect(await linksWithPrefix(other)).toHaveLength(1);
    await ipBatch([`link del ${other}`]);
    expect((await linksWithPrefix(`bv${sandbox.tag}`)).length).toBe(before);
  });

  it('takes a caller-made netns, static IP, MAC, MTU, aliases and several networks; prunes unused ones', async () => {
    const holder = sandbox.spawn('unshare', ['--net', '--', 'sleep', '60']);
    const netns = `/proc/${holder.pid}/ns/net`;
    await eventually(async () => {
      if ((await run('readlink', [netns])) === (await run('readlink', ['/proc/self/ns/net'])))
        throw new Error('not yet');
    });
    await manager.createNetwork({
      name: 'small',
      subnet: '10.231.12.0/24',
      mtu: 1400,
      labels: { team: 'net' },
    });
    const first = await manager.attach({
      containerId: 'ctr-x',
      name: 'x',
      netnsPath: netns,
      network: 'small',
      ip: '10.231.12.77',
      mac: '02:00:00:00:00:77',
      aliases: ['db'],
    });
    expect(first).toMatchObject({ ifname: 'eth0', address: '10.231.12.77', mac: '02:00:00:00:00:77' });
    const second = await manager.attach({ containerId: 'ctr-x', netnsPath: netns, network: 'front' });
    expect(second.ifname).toBe('eth1');
    expect(second.dnsServers).toEqual(['10.231.12.1', '10.231.10.1']);
    const link = JSON.parse(await inNetns(netns, ['ip', '-j', 'link', 'show', 'eth0']))[0];
    expect(link).toMatchObject({ mtu: 1400, address: '02:00:00:00:00:77' });
    expect(await inNetns(netns, ['ip', 'route', 'show', 'default'])).toContain('via 10.231.12.1 dev eth0');
    // The alias resolves on the container's own network, from a peer that is on both.
    expect(await inNetns(netns, ['busybox', 'nslookup', 'db', '10.231.12.1'])).toContain('10.231.12.77');
    expect(manager.inspectNetwork('small').labels).toEqual({ team: 'net' });

    await manager.createNetwork({ name: 'spare' });
    expect(await manager.pruneNetworks()).toEqual(['spare']);
    // Leaving the network that held the default route moves it to the other one.
    await manager.detach('ctr-x', 'small');
    expect(await inNetns(netns, ['ip', 'route', 'show', 'default'])).toContain('via 10.231.10.1 dev eth1');
    await manager.detach('ctr-x');
    await manager.removeNetwork('small', false);
  });

  it('never hands out one address twice under concurrent attaches', async () => {
    const names = Array.from({ length: 12 }, (_, i) => `p${i}-${sandbox.tag}`);
    const paths = await Promise.all(names.map((n) => manager.createNetns(n)));
    const results = await Promise.all(
      names.map((n, i) => manager.attach({ containerId: n, netnsPath: paths[i], network: 'front' })),
    );
    const addresses = results.map((r) => r.address);
    expect(new Set(addresses).size).toBe(names.length);
    await Promise.all(names.map((n) => manager.detach(n)));
    await Promise.all(names.map((n) => manager.removeNetns(n)));
  });

  it('drops traffic from a bridge to the host loopback (CVE-2020-8558)', async () => {
    const nsA = path.join(manager.netns.dir, `a-${sandbox.tag}`);
    const gateway = manager.inspectNetwork('front').gateway;
    const server = http.createServer((_req, res) => res.end('loopback secret\n'));
    await new Promise<void>((resolve) => server.listen(18499, '127.0.0.5', resolve));
    try {
      // What a container with CAP_NET_ADMIN can do: route 127.0.0.5 out through its gateway.
      await inNetns(nsA, [
        'sh',
        '-c',
        'echo 1 > /proc/sys/net/ipv4/conf/all/route_localnet; echo 1 > /proc/sys/net/ipv4/conf/eth0/route_localnet',
      ]);
      await ipBatch(
        [
          'rule del pref 0',
          'rule add pref 100 lookup local',
          'rule add to 127.0.0.5 lookup 100 pref 10',
          `route add 127.0.0.5 via ${gateway} dev eth0 table 100`,
        ],
        nsA,
      );
      const attack = () =>
        inNetns(nsA, ['timeout', '2', 'busybox', 'wget', '-q', '-O', '-', 'http://127.0.0.5:18499/']);
      await expect(attack()).rejects.toThrow();
      // The attack works once the guard is gone, so the rule is what stopped it.
      const table = sandbox.options().table;
      await applyNft(`flush chain ip ${table} guard\n`);
      expect(await attack()).toBe('loopback secret\n');
      await applyNft(`add rule ip ${table} guard iifname @bridges ip daddr 127.0.0.0/8 drop\n`);
      await expect(attack()).rejects.toThrow();
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('detach and network removal leave no veth, address or rule behind', async () => {
    const front = manager.inspectNetwork('front');
    await manager.detach('ctr-d');
    let table = await listTable(sandbox.options().table);
    expect(table).not.toContain('18480');
    expect(table).not.toContain('18453');
    await manager.removeNetwork('front', true);
    await manager.removeNetwork('back', true);
    expect(await linksWithPrefix(`bv${sandbox.tag}`)).toEqual([]);
    expect(await linksWithPrefix(front.bridge)).toEqual([]);
    table = await listTable(sandbox.options().table);
    expect(table).not.toContain(front.bridge);
    expect(table).not.toMatch(/elements/);
    expect(manager.listNetworks()).toEqual([]);
    expect(manager.listContainers()).toEqual([]);
  });
});
