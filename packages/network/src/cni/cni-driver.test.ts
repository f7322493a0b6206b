import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { InvalidArgumentError } from '../errors';
import { loadConfList, resultAddress } from './cni-driver';

describe('CNI conflist and results', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'berth-cni-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const write = (name: string, value: unknown) => {
    const file = path.join(dir, name);
    writeFileSync(file, typeof value === 'string' ? value : JSON.stringify(value));
    return file;
  };

  it('names the file and field of a bad conflist', async () => {
    await expect(loadConfList(write('a', '{'))).rejects.toThrow(/cannot read/);
    await expect(loadConfList(write('b', { name: 'x', plugins: [] }))).rejects.toThrow(/cniVersion/);
    await expect(loadConfList(write('c', { cniVersion: '1.0.0', name: 'x', plugins: [] }))).rejects.toThrow(
      /non-empty/,
    );
    await expect(
      loadConfList(write('d', { cniVersion: '1.0.0', name: 'x', plugins: [{ type: '../evil' }] })),
    ).rejects.toThrow(InvalidArgumentError);
    const ok = await loadConfList(
      write('e', { cniVersion: '1.0.0', name: 'x', plugins: [{ type: 'bridge' }] }),
    );
    expect(ok.plugins[0].type).toBe('bridge');
  });

  it('reads the container address of a result', () => {
    const result = {
      interfaces: [
        { name: 'cni0' },
        { name: 'veth1' },
        { name: 'eth0', mac: '02:00:00:00:00:01', sandbox: '/x' },
      ],
      ips: [
        { address: 'fd00::2/64', interface: 2 },
        { address: '10.1.0.5/24', gateway: '10.1.0.1', interface: 2 },
      ],
    };
    expect(resultAddress(result, 'eth0')).toEqual({
      address: '10.1.0.5',
      prefix: 24,
      gateway: '10.1.0.1',
      mac: '02:00:00:00:00:01',
    });
    expect(() => resultAddress({ ips: [] }, 'eth0')).toThrow(/no IPv4 address/);
  });
});
