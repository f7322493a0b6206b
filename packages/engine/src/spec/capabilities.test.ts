import { CAPABILITIES } from '@berth/oci';
import {
  capabilitiesInMask,
  DEFAULT_CAPABILITIES,
  normalizeCapability,
  resolveCapabilities,
} from './capabilities';

describe('resolveCapabilities', () => {
  it('grants docker defaults without options', () => {
    expect(new Set(resolveCapabilities({}))).toEqual(new Set(DEFAULT_CAPABILITIES));
    expect(resolveCapabilities({})).toHaveLength(14);
  });

  it('adds and drops in any spelling', () => {
    const caps = resolveCapabilities({
      capAdd: ['net_admin', 'CAP_SYS_TIME'],
      capDrop: ['NET_RAW', 'cap_mknod'],
    });
    expect(caps).toContain('CAP_NET_ADMIN');
    expect(caps).toContain('CAP_SYS_TIME');
    expect(caps).not.toContain('CAP_NET_RAW');
    expect(caps).not.toContain('CAP_MKNOD');
  });

  it('drops ALL but keeps explicit adds', () => {
    expect(resolveCapabilities({ capDrop: ['ALL'], capAdd: ['NET_BIND_SERVICE'] })).toEqual([
      'CAP_NET_BIND_SERVICE',
    ]);
  });

  it('adds ALL then applies drops', () => {
    const caps = resolveCapabilities({ capAdd: ['ALL'], capDrop: ['SYS_ADMIN'] });
    expect(caps).toHaveLength(CAPABILITIES.length - 1);
    expect(caps).not.toContain('CAP_SYS_ADMIN');
  });

  it('gives every capability to privileged containers', () => {
    expect(resolveCapabilities({ privileged: true, capDrop: ['ALL'] })).toEqual([...CAPABILITIES]);
  });

  it('limits privileged and ALL to what the host can grant', () => {
    expect(capabilitiesInMask('5')).toEqual(['CAP_CHOWN', 'CAP_DAC_READ_SEARCH']);
    expect(capabilitiesInMask('1ffffffffff')).toEqual([...CAPABILITIES]);
    expect(resolveCapabilities({ privileged: true }, ['CAP_CHOWN'])).toEqual(['CAP_CHOWN']);
    expect(resolveCapabilities({ capAdd: ['ALL'] }, ['CAP_KILL'])).toContain('CAP_KILL');
  });

  it('names the flag and the value of an unknown capability', () => {
    expect(() => normalizeCapability('FLY', 'cap-add')).toThrow('invalid cap-add: unknown capability "FLY"');
  });
});
