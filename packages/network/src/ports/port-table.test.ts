import { PortInUseError } from '../errors';
import { parsePortSpec } from './port-request';
import { PortTable } from './port-table';

describe('PortTable', () => {
  const free = async () => true;

  it('refuses a port already published, across any-address and one-address binds', async () => {
    const table = new PortTable([40000, 40010], free);
    await table.reserve([parsePortSpec('8080:80')], 'a');
    await expect(table.reserve([parsePortSpec('127.0.0.1:8080:80')], 'b')).rejects.toThrow(PortInUseError);
    await expect(table.reserve([parsePortSpec('8080:80/udp')], 'b')).resolves.toHaveLength(1);
  });

  it('allows the same port on two specific addresses', async () => {
    const table = new PortTable([40000, 40010], free);
    await table.reserve([parsePortSpec('127.0.0.1:8080:80')], 'a');
    await expect(table.reserve([parsePortSpec('127.0.0.2:8080:80')], 'b')).resolves.toHaveLength(1);
  });

  it('allocates automatic ports and releases all on a partial failure', async () => {
    const table = new PortTable([40000, 40001], free);
    const got = await table.reserve([parsePortSpec('80'), parsePortSpec('81')], 'a');
    expect(got.map((m) => m.hostPort)).toEqual([40000, 40001]);
    await expect(table.reserve([parsePortSpec('9000:90'), parsePortSpec('82')], 'b')).rejects.toThrow(
      /no free tcp host port/,
    );
    await expect(table.reserve([parsePortSpec('9000:90')], 'c')).resolves.toHaveLength(1);
  });

  it('maps ranges and skips host ports a host program holds', async () => {
    const table = new PortTable([40000, 40010], async (_ip, port) => port !== 8001);
    expect((await table.reserve([parsePortSpec('8000-8002:80')], 'a'))[0].hostPort).toBe(8000);
    const ranged = await table.reserve([parsePortSpec('9000-9001:90-91/udp')], 'b');
    expect(ranged.map((m) => `${m.hostPort}:${m.containerPort}`)).toEqual(['9000:90', '9001:91']);
    await expect(table.reserve([parsePortSpec('8001:80')], 'c')).rejects.toThrow(/host program/);
  });
});
