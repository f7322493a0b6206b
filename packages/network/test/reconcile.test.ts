import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { applyNft, listTable } from '../src/firewall/nft';
import { linkExists, linksWithPrefix } from '../src/link/host-links';
import { hostVethName } from '../src/link/interface-name';
import { ipBatch } from '../src/link/ip-batch';
import { NetworkManager } from '../src/manager/network-manager';
import { NetnsStore } from '../src/netns/netns';
import type { ContainerRecord } from '../src/model';
import { parsePortSpec } from '../src/ports/port-request';
import { inNetns, Sandbox, silentLog } from './helpers';

// Needs root. Restarts the manager over the same state and checks that what a crash can leave
// (a pending endpoint with its half-made veth, a veth no record knows, a container whose netns
// vanished) is cleaned up, while live attachments keep working and IPAM matches them.
jest.setTimeout(30_000);

describe('reconcile at start (root)', () => {
  const sandbox = new Sandbox();
  const options = sandbox.options({
    defaultNetwork: { name: 'berth0', bridge: `bb${sandbox.tag}def`, subnet: '10.231.20.0/24' },
  });
  let manager: NetworkManager | undefined;

  afterAll(async () => {
    await manager?.close().catch(() => undefined);
    await sandbox.cleanup();
  });

  it('keeps live attachments and removes what a crash left', async () => {
    manager = await NetworkManager.open(options, silentLog);
    const berth0 = manager.inspectNetwork('berth0');
    expect(berth0.subnet).toBe('10.231.20.0/24');
    const nsLive = await manager.createNetns(`live-${sandbox.tag}`);
    const nsGone = await manager.createNetns(`gone-${sandbox.tag}`);
    const nsHalf = await manager.createNetns(`half-${sandbox.tag}`);
    const live = await manager.attach({
      containerId: 'live',
      name: 'live',
      netnsPath: nsLive,
      network: 'berth0',
      ports: [parsePortSpec('127.0.0.1:18580:80')],
    });
    const gone = await manager.attach({
      containerId: 'gone',
      netnsPath: nsGone,
      network: 'berth0',
      ports: [parsePortSpec('18581:80')],
    });
    const user = await manager.createNetwork({ name: 'user', subnet: '10.231.21.0/24' });
    // The daemon stops (close() leaves container networking in place, as a crash would).
    await manager.close();
    manager = undefined;

    // The gone container's namespace disappears while the daemon is down.
    await new NetnsStore(path.join(options.runDir, 'netns')).remove(`gone-${sandbox.tag}`);

    // A half-made attach: journal says pending, the veth exists, the address was taken.
    const halfVeth = hostVethName(options.vethPrefix, 'half', berth0.id);
    await ipBatch([`link add ${halfVeth} type veth peer name eth0 netns ${nsHalf}`]);
    const half: ContainerRecord = {
      containerId: 'half',
      name: 'half',
      netnsPath: nsHalf,
      endpoints: [
        {
          networkId: berth0.id,
          ifname: 'eth0',
          hostVeth: halfVeth,
          address: '10.231.20.50',
          prefix: 24,
          gateway: '10.231.20.1',
          mac: '02:42:0a:e7:14:32',
          aliases: [],
          ports: [],
          defaultRoute: true,
          state: 'pending',
        },
      ],
    };
    writeFileSync(path.join(options.stateDir, 'containers', 'half.json'), JSON.stringify(half));
    // Someone deletes a network's bridge while the daemon is down, and a rule is left over.
    await ipBatch([`link del ${user.bridge}`]);
    await applyNft(`add element ip ${options.table} pub_tcp_any { 18599 : 10.9.9.9 . 80 }\n`);
    // An attachment record torn by a power cut (they are not fsynced).
    writeFileSync(path.join(options.stateDir, 'containers', 'torn.json'), '{"containerId":');
    // A veth with Berth's prefix that no record explains.
    await ipBatch([`link add ${options.vethPrefix}stray type veth peer name ${options.vethPrefix}strayp`]);

    manager = await NetworkManager.open(options, silentLog);
    expect(manager.listContainers().map((c) => c.containerId)).toEqual(['live']);
    expect(await linkExists(halfVeth)).toBe(false);
    expect(existsSync(path.join(options.stateDir, 'containers', 'torn.json'))).toBe(false);
    expect(await linkExists(`${options.vethPrefix}stray`)).toBe(false);
    expect(await linksWithPrefix(options.vethPrefix)).toEqual([
      hostVethName(options.vethPrefix, 'live', berth0.id),
    ]);
    expect([...manager.ipam.allocated(berth0.id).keys()]).toEqual([live.address]);
    expect(gone.address).not.toBe(live.address);

    const table = await listTable(options.table);
    expect(table).not.toContain('18599');
    expect(await inNetns('/proc/self/ns/net', ['ip', '-br', 'addr', 'show', user.bridge])).toContain(
      '10.231.21.1/24',
    );
    expect(table).toContain('127.0.0.1 . 18580');
    expect(table).not.toContain('18581');
    // The live container still reaches its gateway and resolves by name after the restart.
    await inNetns(nsLive, ['busybox', 'ping', '-c', '1', '-W', '2', live.gateway]);
    expect(await inNetns(nsLive, ['busybox', 'nslookup', 'live', live.gateway])).toContain(live.address);
    // The freed port can be published again.
    const again = await manager.attach({
      containerId: 'half',
      netnsPath: nsHalf,
      network: 'berth0',
      ports: [parsePortSpec('18581:80')],
    });
    expect(again.ports[0].hostPort).toBe(18581);
  });

  it('refuses a second daemon on the same state', async () => {
    expect(manager).toBeDefined();
    const second = NetworkManager.open(options, silentLog);
    await expect(second).rejects.toMatchObject({ code: 'Unavailable' });
    await (await second.catch(() => undefined))?.close();
  });
});
