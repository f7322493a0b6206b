import { loadConfig } from '@berth/kit';
import { managerOptions, networkConfigSchema } from './config';

describe('berth-network config', () => {
  const load = (flags: Record<string, unknown>) =>
    loadConfig({ component: 'network', schema: networkConfigSchema, env: {}, flags });
  const paths = { root: '/var/lib/berth/network', run: '/run/berth' };

  it('turns defaults into manager options', async () => {
    const options = managerOptions((await load({})).values, paths);
    expect(options).toMatchObject({
      stateDir: '/var/lib/berth/network',
      table: 'berth',
      defaultNetwork: { name: 'berth0', bridge: 'berth0' },
      portRange: [49153, 60999],
      enableIpForward: true,
    });
    expect(options.addressPools[0]).toEqual({ base: '10.89.0.0/16', size: 24 });
    expect(options.upstreams).toBeUndefined();
  });

  it('parses flags and names the bad ones', async () => {
    const options = managerOptions(
      (
        await load({
          upstreams: ['127.0.0.1:5300', '10.0.0.1'],
          defaultNetwork: '',
          portRange: '40000-40010',
        })
      ).values,
      paths,
    );
    expect(options.upstreams).toEqual([
      { host: '127.0.0.1', port: 5300 },
      { host: '10.0.0.1', port: 53 },
    ]);
    expect(options.defaultNetwork).toBeNull();
    expect(options.portRange).toEqual([40000, 40010]);
    const bad = async (flags: Record<string, unknown>) => managerOptions((await load(flags)).values, paths);
    await expect(bad({ portRange: '9-1' })).rejects.toThrow(/portRange/);
    await expect(bad({ upstreams: ['example.com'] })).rejects.toThrow(/upstreams/);
    await expect(bad({ addressPools: ['10.0.0.0/8'] })).rejects.toThrow(/addressPools/);
    await expect(bad({ table: 'x; flush ruleset' })).rejects.toThrow(/table/);
    await expect(bad({ vethPrefix: 'averyverylongprefix' })).rejects.toThrow(/vethPrefix/);
  });
});
