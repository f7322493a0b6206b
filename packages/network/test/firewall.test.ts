import { applyNft, listTable } from '../src/firewall/nft';
import { NftSession } from '../src/firewall/nft-session';
import {
  addNetworkScript,
  addPortsScript,
  deleteTableScript,
  fullTableScript,
  removeNetworkScript,
  removePortsScript,
} from '../src/firewall/ruleset';

// Needs root and nftables. The table name is unique to this run and deleted in afterAll.
describe('firewall ruleset (root, nftables)', () => {
  const table = `bt_fw_${process.pid}`;
  const net = { bridge: `bfw${process.pid % 100000}`, subnet: '10.231.0.0/24', internal: false };
  const port = {
    hostIp: '',
    hostPort: 18080,
    protocol: 'tcp' as const,
    address: '10.231.0.2',
    containerPort: 80,
  };

  afterAll(async () => {
    await applyNft(deleteTableScript(table)).catch(() => undefined);
  });

  it('installs the full table idempotently, then adds and deletes elements in transactions', async () => {
    await applyNft(fullTableScript(table, { networks: [net], ports: [port] }));
    await applyNft(fullTableScript(table, { networks: [net], ports: [port] }));
    let text = await listTable(table);
    expect(text).toContain(`"${net.bridge}" . "${net.bridge}"`);
    expect(text).toContain('18080 : 10.231.0.2 . 80');

    const internal = { bridge: `bfi${process.pid % 100000}`, subnet: '10.231.1.0/24', internal: true };
    const udp = {
      hostIp: '127.0.0.1',
      hostPort: 15353,
      protocol: 'udp' as const,
      address: '10.231.1.2',
      containerPort: 53,
    };
    await applyNft(addNetworkScript(table, internal) + addPortsScript(table, [udp]));
    text = await listTable(table);
    expect(text).toMatch(/internal_bridges[^}]*elements = \{ "bfi/);
    expect(text).toContain('127.0.0.1 . 15353 : 10.231.1.2 . 53');

    await applyNft(removeNetworkScript(table, internal) + removePortsScript(table, [udp, port]));
    text = await listTable(table);
    expect(text).not.toContain('bfi');
    expect(text).not.toContain('15353');
    expect(text).not.toContain('18080');
  });

  it('applies nothing of a transaction that fails part-way', async () => {
    const bad = { ...port, hostPort: 18081 };
    await expect(
      applyNft(addPortsScript(table, [bad]) + removePortsScript(table, [{ ...port, hostPort: 1 }])),
    ).rejects.toThrow(/nft/);
    expect(await listTable(table)).not.toContain('18081');
  });

  it('applies element scripts as transactions of one long-lived nft', async () => {
    const session = new NftSession();
    try {
      const a = { ...port, hostPort: 18082 };
      const b = { ...port, hostPort: 18083, address: '10.231.0.3' };
      // Queued side by side, they run in call order; a failing one changes nothing and the
      // session goes on.
      const results = await Promise.allSettled([
        session.apply(addPortsScript(table, [a, b])),
        session.apply(
          addPortsScript(table, [{ ...a, hostPort: 18084 }]) +
            removePortsScript(table, [{ ...a, hostPort: 1 }]),
        ),
        session.apply(removePortsScript(table, [a])),
      ]);
      expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
      expect(String((results[1] as PromiseRejectedResult).reason)).toMatch(
        /nft -i failed: Error: .*\n.*delete element .* \{ 1 : /,
      );
      const text = await listTable(table);
      expect(text).toContain('18083 : 10.231.0.3 . 80');
      expect(text).not.toContain('18082');
      expect(text).not.toContain('18084');
      await session.apply(removePortsScript(table, [b]));
      expect(await listTable(table)).not.toContain('18083');
    } finally {
      await session.close();
    }
    await expect(session.apply(addPortsScript(table, [port]))).rejects.toThrow(/closed/);
  });

  it('deletes the whole table', async () => {
    await applyNft(deleteTableScript(table));
    await expect(listTable(table)).rejects.toThrow();
  });
});
