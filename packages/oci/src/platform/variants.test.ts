import { variantDistance } from './variants';

describe('variantDistance', () => {
  it('lets arm run older variants, nearest first', () => {
    expect(variantDistance('arm', 'v7', 'v7')).toBe(0);
    expect(variantDistance('arm', 'v7', 'v6')).toBe(1);
    expect(variantDistance('arm', 'v7', 'v5')).toBe(2);
    expect(variantDistance('arm', 'v7', 'v8')).toBeUndefined();
    expect(variantDistance('arm', 'v8', 'v5')).toBe(3);
  });

  it('treats the amd64 baseline as v1', () => {
    expect(variantDistance('amd64', 'v3', 'v2')).toBe(1);
    expect(variantDistance('amd64', 'v3', '')).toBe(2);
    expect(variantDistance('amd64', '', 'v2')).toBeUndefined();
  });

  it('orders arm64 v8.x and v9.x', () => {
    expect(variantDistance('arm64', 'v8.2', 'v8')).toBe(2);
    expect(variantDistance('arm64', 'v8', 'v8.2')).toBeUndefined();
    expect(variantDistance('arm64', 'v9', 'v8.5')).toBeGreaterThan(0);
    expect(variantDistance('arm64', 'v9', 'v8.6')).toBeUndefined();
    expect(variantDistance('arm64', 'v9.1', 'v9')).toBe(1);
    expect(variantDistance('arm64', 'v9', 'v9.1')).toBeUndefined();
    expect(variantDistance('arm64', 'v8', 'v9')).toBeUndefined();
  });

  it('accepts only exact or variant-less images for other architectures', () => {
    expect(variantDistance('riscv64', 'rva22u64', 'rva22u64')).toBe(0);
    expect(variantDistance('riscv64', 'rva22u64', '')).toBe(1);
    expect(variantDistance('riscv64', '', 'rva22u64')).toBeUndefined();
  });
});
