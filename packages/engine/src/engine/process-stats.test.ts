import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cpuPercent, networkBytes, topTable } from './process-stats';

describe('process stats', () => {
  it('lists only the given pids with ps', async () => {
    const { titles, rows } = await topTable([process.pid], '');
    expect(titles).toContain('PID');
    expect(rows).toHaveLength(1);
    expect(rows[0][titles.indexOf('PID')]).toBe(String(process.pid));
    expect(rows[0].at(-1)).toContain('node');
    await expect(topTable([1], '-o pid;rm')).rejects.toThrow('is not a list of ps options');
  });

  it('computes docker CPU percentages', () => {
    expect(cpuPercent(undefined, { cpuNs: 10, systemNs: 10 }, 2)).toBe(0);
    expect(cpuPercent({ cpuNs: 0, systemNs: 0 }, { cpuNs: 50, systemNs: 200 }, 2)).toBe(50);
  });

  it('sums network bytes without loopback', async () => {
    const proc = await mkdtemp(join(tmpdir(), 'berth-engine-proc-'));
    try {
      await mkdir(join(proc, '7', 'net'), { recursive: true });
      await writeFile(
        join(proc, '7', 'net', 'dev'),
        [
          'Inter-|   Receive                                                |  Transmit',
          ' face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed',
          '    lo:     100       1    0    0    0     0          0         0      100       1    0    0    0     0       0          0',
          '  eth0:    2000      10    0    0    0     0          0         0      300       3    0    0    0     0       0          0',
        ].join('\n'),
      );
      expect(await networkBytes(7, proc)).toEqual({ rx: 2000, tx: 300 });
      expect(await networkBytes(8, proc)).toEqual({ rx: 0, tx: 0 });
    } finally {
      await rm(proc, { recursive: true, force: true });
    }
  });
});
