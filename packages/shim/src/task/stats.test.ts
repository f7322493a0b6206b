import { task } from '@berth/api';
import { toStatsResponse } from './stats';

describe('toStatsResponse', () => {
  it('caps cgroup v1 "unlimited" so the message decodes in JavaScript clients', () => {
    const stats = toStatsResponse({
      memory: { usage: { usage: 4096, limit: 9223372036854771712 } },
      pids: { current: 2 },
    });
    expect(stats.memory?.limit).toBe(Number.MAX_SAFE_INTEGER);
    const decoded = task.v1.StatsResponse.decode(task.v1.StatsResponse.encode(stats).finish());
    expect(decoded.memory?.usage).toBe(4096);
    expect(decoded.memory?.limit).toBe(Number.MAX_SAFE_INTEGER);
    expect(decoded.pids?.current).toBe(2);
  });

  it('reads missing or malformed figures as zero', () => {
    const stats = toStatsResponse({ cpu: { usage: { total: -1 } }, memory: 'x' });
    expect(stats.cpu?.usageTotalNs).toBe(0);
    expect(stats.memory?.usage).toBe(0);
  });
});
