import { runCheck } from '../validation/check';
import { cgroupsPath, cpuList, safeAbsolutePath, sysctlKeyProblem } from './field-checks';

describe('runtime field checks', () => {
  it('accepts cpuset lists', () => {
    for (const list of ['0', '0-3', '0-3,7', '1,3,5-6']) expect(runCheck(cpuList, list)).toBe(list);
    expect(() => runCheck(cpuList, '0-')).toThrow('must be a list like "0-3,7"');
    expect(() => runCheck(cpuList, '5-2')).toThrow('range "5-2" runs backwards');
  });

  it('accepts cgroup paths of both drivers and refuses escapes', () => {
    for (const path of ['/berth/web', 'berth/web', 'system.slice:berth:web'])
      expect(runCheck(cgroupsPath, path)).toBe(path);
    expect(() => runCheck(cgroupsPath, '../x')).toThrow('must not contain ".." segments');
    expect(() => runCheck(cgroupsPath, 'a\0b')).toThrow('must not contain NUL bytes');
  });

  it('refuses NUL bytes in paths', () => {
    expect(() => runCheck(safeAbsolutePath, '/a\0b')).toThrow('must not contain NUL bytes');
  });

  it('knows sysctl name syntax', () => {
    expect(sysctlKeyProblem('net.ipv4.conf.eth0.forwarding')).toBeUndefined();
    expect(sysctlKeyProblem('net/ipv4/ip_forward')).toBeUndefined();
    expect(sysctlKeyProblem('net.ipv4.conf.eth0@1.rp_filter')).toBeUndefined();
    expect(sysctlKeyProblem('')).toBe('invalid sysctl name ""');
    expect(sysctlKeyProblem('kernel. space')).toBe('invalid sysctl name "kernel. space"');
    expect(sysctlKeyProblem('kernel.')).toBe('invalid sysctl name "kernel.": empty component');
  });
});
