import { BinaryWriter } from '@bufbuild/protobuf/wire';
import { health, types } from './index';
import { loadBerthPackageDefinition, readDescriptorSet } from './descriptor-set';

describe('descriptor set', () => {
  it('defines every generated service under its full name', () => {
    const definition = loadBerthPackageDefinition();
    expect(Object.keys(definition)).toContain('berth.health.v1.Health');
    expect(Object.keys(definition)).toContain('berth.types.v1.Descriptor');
    expect(readDescriptorSet().length).toBeGreaterThan(0);
  });
});

describe('generated messages', () => {
  it('round-trips a descriptor with a platform and annotations', () => {
    const descriptor = types.v1.Descriptor.fromPartial({
      mediaType: 'application/vnd.oci.image.manifest.v1+json',
      digest: 'sha256:' + 'a'.repeat(64),
      size: 1234,
      annotations: { 'org.opencontainers.image.ref.name': 'latest' },
      platform: { os: 'linux', architecture: 'arm64', variant: 'v8' },
    });
    const decoded = types.v1.Descriptor.decode(types.v1.Descriptor.encode(descriptor).finish());
    expect(decoded).toEqual(descriptor);
  });

  it('refuses, rather than rounds, an int64 size beyond 2^53', () => {
    // Field 3 (size), varint wire type, value 2^53 + 1.
    const bytes = new BinaryWriter()
      .uint32(24)
      .int64(BigInt(2 ** 53) + 1n)
      .finish();
    expect(() => types.v1.Descriptor.decode(bytes)).toThrow('MAX_SAFE_INTEGER');
  });

  it('carries Timestamps as Dates', () => {
    const startedAt = new Date(Date.UTC(2026, 10, 23, 12, 0, 0, 250));
    const response = health.v1.VersionResponse.fromPartial({ component: 'images', startedAt });
    const decoded = health.v1.VersionResponse.decode(health.v1.VersionResponse.encode(response).finish());
    expect(decoded.startedAt).toEqual(startedAt);
    expect(decoded.component).toBe('images');
  });
});
