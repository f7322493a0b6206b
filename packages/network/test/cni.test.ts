import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { cniChainsExist, removeCniChains } from '@berth/fixtures';
import { linkExists } from '../src/link/host-links';
import { NetworkManager } from '../src/manager/network-manager';
import { parsePortSpec } from '../src/ports/port-request';
import { run } from '../src/util/run';
import { inNetns, Sandbox, silentLog } from './helpers';

// Needs root and Debian's containernetworking-plugins in /usr/lib/cni. A network of driver "cni"
// runs a conflist (bridge + host-local + portmap + firewall + tuning) per the CNI spec.
jest.setTimeout(30_000);

const plugins = existsSync('/usr/lib/cni/bridge');
(plugins ? describe : describe.skip)('CNI driver (root, /usr/lib/cni)', () => {
  const sandbox = new Sandbox();
  const bridge = `${sandbox.options().bridgePrefix}cni`;
  const conflist = path.join(sandbox.root, 'test.conflist');
  let manager: NetworkManager;
  let hadCniChains = true;

  beforeAll(async () => {
    hadCniChains = await cniChainsExist();
    writeFileSync(
      conflist,
      JSON.stringify({
        cniVersion: '1.0.0',
        name: `bt-cni-${sandbox.tag}`,
        plugins: [
          {
            type: 'bridge',
            bridge,
            isGateway: true,
            ipMasq: true,
            ipam: {
              type: 'host-local',
              ranges: [[{ subnet: '10.231.60.0/24' }]],
              dataDir: path.join(sandbox.root, 'host-local'),
            },
          },
          { type: 'portmap', capabilities: { portMappings: true } },
          { type: 'firewall' },
          { type: 'tuning' },
        ],
      }),
    );
    manager = await NetworkManager.open(sandbox.options(), silentLog);
  });

  afterAll(async () => {
    await manager?.close().catch(() => undefined);
    await run('ip', ['link', 'del', bridge]).catch(() => undefined);
    if (!hadCniChains) await removeCniChains();
    await sandbox.cleanup();
  });

  it('attaches and detaches through the plugin chain, caching the result for DEL', async () => {
    const network = await manager.createNetwork({ name: 'cni', driver: 'cni', cniConflist: conflist });
    expect(network).toMatchObject({ driver: 'cni', bridge: '', subnet: '' });
    const ns = await manager.createNetns(`cni-${sandbox.tag}`);
    const result = await manager.attach({
      containerId: `cni${sandbox.tag}`,
      name: 'cnic',
      netnsPath: ns,
      network: 'cni',
      ports: [parsePortSpec('127.0.0.1:18680:80')],
    });
    expect(result).toMatchObject({ ifname: 'eth0', prefix: 24, gateway: '10.231.60.1' });
    expect(result.address).toMatch(/^10\.231\.60\.\d+$/);
    expect(await inNetns(ns, ['ip', '-br', 'addr', 'show', 'eth0'])).toContain(result.address);
    await inNetns(ns, ['busybox', 'ping', '-c', '1', '-W', '2', '10.231.60.1']);
    const cache = path.join(
      sandbox.options().stateDir,
      'cni',
      `bt-cni-${sandbox.tag}-cni${sandbox.tag}-eth0.json`,
    );
    expect(existsSync(cache)).toBe(true);

    await manager.detach(`cni${sandbox.tag}`);
    expect(await inNetns(ns, ['ip', '-br', 'link'])).not.toContain('eth0');
    expect(existsSync(cache)).toBe(false);
    await manager.removeNetwork('cni', false);
    expect(await linkExists(bridge)).toBe(true); // the bridge plugin never deletes its bridge
  });

  it('reports a plugin failure clearly and leaves nothing behind', async () => {
    const broken = path.join(sandbox.root, 'broken.conflist');
    writeFileSync(
      broken,
      JSON.stringify({ cniVersion: '1.0.0', name: 'broken', plugins: [{ type: 'no-such-plugin' }] }),
    );
    await manager.createNetwork({ name: 'broken', driver: 'cni', cniConflist: broken });
    const ns = await manager.createNetns(`cnib-${sandbox.tag}`);
    await expect(manager.attach({ containerId: 'b', netnsPath: ns, network: 'broken' })).rejects.toThrow(
      /no-such-plugin.*not found/,
    );
    expect(manager.listContainers()).toEqual([]);
    await expect(
      manager.createNetwork({ name: 'x', driver: 'cni', cniConflist: '/nonexistent.conflist' }),
    ).rejects.toThrow(/cni_conflist: cannot read/);
  });
});
