import { cpuPercent, topTable } from './process-stats';

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
});
