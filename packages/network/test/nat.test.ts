import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { NetworkManager } from '../src/manager/network-manager';
import { parsePortSpec } from '../src/ports/port-request';
import { ipBatch } from '../src/link/ip-batch';
import { eventually, inNetns, Sandbox, silentLog } from './helpers';

// Needs root. An "outside" host is simulated by a namespace joined to the host by a plain veth
// (10.231.50.0/30), so no packet leaves the machine. A container on a normal network reaches it
// masqueraded behind the host's address; one on an internal network has no route out.
jest.setTimeout(30_000);

describe('outbound NAT and internal networks (root)', () => {
  const sandbox = new Sandbox();
  let manager: NetworkManager;
  const outsideVeth = `${sandbox.options().vethPrefix}out`;
  let outside: string;

  beforeAll(async () => {
    manager = await NetworkManager.open(sandbox.options(), silentLog);
    outside = await manager.createNetns(`outside-${sandbox.tag}`);
    await ipBatch([
      `link add ${outsideVeth} type veth peer name eth0 netns ${outside}`,
      `addr add 10.231.50.1/30 dev ${outsideVeth}`,
      `link set ${outsideVeth} up`,
    ]);
    await ipBatch(['addr add 10.231.50.2/30 dev eth0', 'link set eth0 up'], outside);
  });

  afterAll(async () => {
    await manager?.close().catch(() => undefined);
    await sandbox.cleanup();
  });

  it('masquerades a container reaching beyond the host', async () => {
    await manager.createNetwork({ name: 'nat', subnet: '10.231.51.0/24' });
    const ns = await manager.createNetns(`natc-${sandbox.tag}`);
    await manager.attach({ containerId: 'natc', netnsPath: ns, network: 'nat' });
    // The outside host knows no route to 10.231.51.0/24: the reply only arrives if the source was
    // rewritten to the host's 10.231.50.1.
    const www = sandbox.root;
    sandbox.spawn('nsenter', [`--net=${outside}`, '--', 'busybox', 'httpd', '-f', '-p', '8080', '-h', www]);
    await eventually(() =>
      inNetns(ns, [
        'timeout',
        '3',
        'busybox',
        'wget',
        '-q',
        '-O',
        '/dev/null',
        'http://10.231.50.2:8080/',
      ]).catch((e) => {
        // 404 is an answer too: httpd serves an empty dir.
        if (/404/.test(String(e))) return '';
        throw e;
      }),
    );
  });

  it('publishes ports to other hosts (DNAT on the host address) and drops their direct access', async () => {
    await manager.createNetwork({ name: 'pub', subnet: '10.231.53.0/24' });
    const ns = await manager.createNetns(`pubc-${sandbox.tag}`);
    const www = path.join(sandbox.root, 'pub');
    mkdirSync(www);
    writeFileSync(path.join(www, 'index.html'), 'published\n');
    sandbox.spawn('nsenter', [`--net=${ns}`, '--', 'busybox', 'httpd', '-f', '-p', '80', '-h', www]);
    const ep = await manager.attach({
      containerId: 'pubc',
      netnsPath: ns,
      network: 'pub',
      ports: [parsePortSpec('18780:80')],
    });
    const wget = (url: string) => inNetns(outside, ['timeout', '3', 'busybox', 'wget', '-q', '-O', '-', url]);
    expect(await eventually(() => wget('http://10.231.50.1:18780/'))).toBe('published\n');
    // Without the port mapping, the outside cannot open connections into the bridge, even with
    // a route to it.
    await ipBatch([`route add 10.231.53.0/24 via 10.231.50.1`], outside);
    await expect(wget(`http://${ep.address}:80/`)).rejects.toThrow();
  });

  it('gives internal networks no way out but keeps them connected inside', async () => {
    const internal = await manager.createNetwork({
      name: 'closed',
      subnet: '10.231.52.0/24',
      internal: true,
    });
    const a = await manager.createNetns(`ia-${sandbox.tag}`);
    const b = await manager.createNetns(`ib-${sandbox.tag}`);
    const ra = await manager.attach({ containerId: 'ia', netnsPath: a, network: 'closed', name: 'ia' });
    await manager.attach({ containerId: 'ib', netnsPath: b, network: 'closed', name: 'ib' });
    expect(await inNetns(a, ['ip', 'route', 'show', 'default'])).toBe('');
    await inNetns(b, ['busybox', 'ping', '-c', '1', '-W', '2', ra.address]);
    expect(await inNetns(b, ['busybox', 'nslookup', 'ia', internal.gateway])).toContain(ra.address);
    // Even with a route added by hand, the firewall drops what leaves an internal bridge.
    await ipBatch([`route add default via ${internal.gateway}`], a);
    await expect(inNetns(a, ['busybox', 'ping', '-c', '1', '-W', '1', '10.231.50.2'])).rejects.toThrow();
    await expect(
      manager.attach({
        containerId: 'ic',
        netnsPath: b,
        network: 'closed',
        ports: [
          {
            hostIp: '',
            hostPort: 0,
            hostPortEnd: 0,
            containerPort: 80,
            containerPortEnd: 80,
            protocol: 'tcp',
          },
        ],
      }),
    ).rejects.toThrow(/internal/);
  });
});
