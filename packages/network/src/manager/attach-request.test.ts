import type { NetworkRecord } from '../model';
import { validateAttachRequest } from './attach-request';

const network: NetworkRecord = {
  id: 'n1',
  name: 'front',
  driver: 'bridge',
  bridge: 'br-front',
  subnet: '10.1.0.0/24',
  gateway: '10.1.0.1',
  ipRange: '10.1.0.0/24',
  internal: false,
  mtu: 1500,
  labels: {},
  options: {},
  created: '2026-11-23T00:00:00Z',
};

const attach =
  (name: string, aliases: string[] = []) =>
  () =>
    validateAttachRequest(
      { containerId: 'c1', name, aliases, netnsPath: '/run/netns/c1', network: 'front' },
      network,
      undefined,
    );

describe('validateAttachRequest names', () => {
  it.each(['web', 'steady_lighthouse', 'api.v2', 'A-1'])('accepts the docker container name %s', (name) => {
    expect(attach(name)).not.toThrow();
    expect(attach('web', [name])).not.toThrow();
  });

  it.each(['-web', '_web', 'a b', 'web/1', 'x'.repeat(254)])('refuses %s, naming the field', (name) => {
    expect(attach(name)).toThrow(/^name\/alias: .* is not a valid name/);
    expect(attach('web', [name])).toThrow(/^name\/alias: /);
  });
});
