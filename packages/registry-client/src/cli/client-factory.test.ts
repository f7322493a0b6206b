import { domainOf } from './client-factory';

describe('domainOf', () => {
  it('finds the registry of references, repositories and bare hosts', () => {
    expect(domainOf('nginx')).toBe('docker.io');
    expect(domainOf('localhost:5000/a/b:1')).toBe('localhost:5000');
    expect(domainOf('127.0.0.1:5000')).toBe('127.0.0.1:5000');
    expect(domainOf('registry.example.com')).toBe('registry.example.com');
    expect(domainOf('localhost')).toBe('localhost');
  });
});
