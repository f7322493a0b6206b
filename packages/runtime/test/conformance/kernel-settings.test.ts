// config-linux.md "Sysctl", "Personality" and "Time Namespace Offsets".
import { readFileSync } from 'node:fs';
import { Harness } from './support/harness';
import { IS_BERTH } from './support/runtime-bin';

const h = new Harness('kernel');
afterEach(() => h.cleanup());
afterAll(() => h.dispose());

describe('kernel settings', () => {
  it('writes sysctls in the container namespaces', async () => {
    const r = await h.run(['cat', '/proc/sys/net/ipv4/ip_forward', '/proc/sys/kernel/msgmax'], (s) => {
      s.linux.sysctl = { 'net.ipv4.ip_forward': '1', 'kernel.msgmax': '12345' };
    });
    expect(r.stdout).toBe('1\n12345\n');
  });

  // linux.personality is runtime-spec 1.1; runc learnt it in 1.2.
  (IS_BERTH ? it : it.skip)('applies the LINUX32 personality', async () => {
    const r = await h.run(['uname', '-m'], (s) => (s.linux.personality = { domain: 'LINUX32' }));
    expect(r.stdout.trim()).toMatch(/^i[3-6]86$/);
  });

  // timeOffsets is runtime-spec 1.1; runc learnt it in 1.2.
  (IS_BERTH ? it : it.skip)('shifts boottime in a new time namespace', async () => {
    const r = await h.run(['cut', '-d.', '-f1', '/proc/uptime'], (s) => {
      s.linux.namespaces.push({ type: 'time' });
      s.linux.timeOffsets = { boottime: { secs: 100000, nanosecs: 0 } };
    });
    const hostUptime = Number(readFileSync('/proc/uptime', 'utf8').split('.')[0]);
    expect(Number(r.stdout.trim()) - hostUptime).toBeGreaterThanOrEqual(99_000);
  });
});
