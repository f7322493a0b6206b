import { apiHost, isLoopbackHost } from './host-options';
import { mirrorSpec } from '../registry/endpoint';

describe('registry hosts', () => {
  it('treats loopback hosts as insecure candidates like docker', () => {
    for (const host of ['localhost:5000', '127.0.0.1:5000', '127.1.2.3', '[::1]:5000'])
      expect(isLoopbackHost(host)).toBe(true);
    for (const host of ['registry.example.com', '128.0.0.1:5000', 'localhost.example.com'])
      expect(isLoopbackHost(host)).toBe(false);
  });

  it('serves docker.io from registry-1.docker.io', () => {
    expect(apiHost('docker.io')).toBe('registry-1.docker.io');
    expect(apiHost('ghcr.io')).toBe('ghcr.io');
  });

  it('parses mirrors with and without a scheme and refuses paths', () => {
    expect(mirrorSpec('mirror.local:5000', false)).toEqual({
      host: 'mirror.local:5000',
      insecure: false,
      mirror: true,
    });
    expect(mirrorSpec('http://mirror.local/', true)).toEqual({
      host: 'mirror.local',
      scheme: 'http',
      insecure: true,
      mirror: true,
    });
    expect(() => mirrorSpec('https://mirror.local/v2/x', false)).toThrow(/invalid mirror/);
  });
});
