// The programs' behaviour is proven in the kernel (test/cgroups/device-filter-kernel.test.ts); these
// check the encoding and the pruning of rules that can never decide.
import { compileDeviceFilter } from './device-filter';

function opcodes(insns: Buffer): number[] {
  return Array.from({ length: insns.length / 8 }, (_, i) => insns.readUInt8(i * 8));
}

describe('compileDeviceFilter', () => {
  it('ends with a default allow when no rule matches everything', () => {
    const program = compileDeviceFilter([{ allow: false, type: 'c', major: 1, minor: 3, access: 'w' }]);
    const ops = opcodes(program.insns);
    expect(program.length).toBe(ops.length);
    expect(ops.slice(-2)).toEqual([0xb7, 0x95]);
    expect(program.insns.readInt32LE((ops.length - 2) * 8 + 4)).toBe(1);
  });

  it('drops rules before a catch-all and ends in the catch-all verdict', () => {
    const withDead = compileDeviceFilter([
      { allow: true, type: 'c', major: 1, minor: 3 },
      { allow: false, access: 'rwm' },
      { allow: true, type: 'c', major: 1, minor: 5 },
    ]);
    const without = compileDeviceFilter([{ allow: false }, { allow: true, type: 'c', major: 1, minor: 5 }]);
    expect(withDead.insns).toEqual(without.insns);
    const ops = opcodes(without.insns);
    expect(without.insns.readInt32LE((ops.length - 2) * 8 + 4)).toBe(0);
  });

  it('encodes registers as dst in the low nibble, src in the high nibble', () => {
    const program = compileDeviceFilter([]);
    // First instruction: r2 = *(u32 *)(r1 + 0).
    expect([...program.insns.subarray(0, 8)]).toEqual([0x61, 0x12, 0, 0, 0, 0, 0, 0]);
  });
});
