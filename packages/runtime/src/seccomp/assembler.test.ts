import { ProgramBuilder } from './assembler';
import { BPF_JMP_JA, BPF_MAX_COND_OFFSET, encodeSockFilters, decodeSockFilters } from './bpf';
import { runSeccompFilter } from './bpf-interpreter';

const ARCH = 0xc000003e;

function run(builder: ProgramBuilder, nr: number): number {
  return runSeccompFilter(encodeSockFilters(builder.assemble(), true), { nr, arch: ARCH });
}

/** jeq nr==1 → ret 100 placed after `padding` ret instructions; else fall through. */
function farJump(padding: number, fallthrough: 'jt' | 'jf'): ProgramBuilder {
  const b = new ProgramBuilder();
  const far = b.newLabel();
  b.load(0);
  if (fallthrough === 'jf') b.jump('jeq', 1, far, null);
  else b.jump('jeq', 1, null, far);
  b.jump('jeq', 2, null, null);
  b.ret(7);
  for (let i = 0; i < padding; i++) b.ret(1000 + i);
  b.place(far);
  b.ret(100);
  return b;
}

describe('ProgramBuilder', () => {
  it('encodes short jumps directly', () => {
    const insns = farJump(10, 'jf').assemble();
    expect(insns.some((i) => i.code === BPF_JMP_JA)).toBe(false);
    expect(insns[1]).toEqual({ code: 0x15, jt: 12, jf: 0, k: 1 });
  });

  it.each([255, 256, 300, 1000])('reaches a target %i instructions away through a trampoline', (padding) => {
    const b = farJump(padding, 'jf');
    const insns = b.assemble();
    for (const i of insns) {
      expect(i.jt).toBeLessThanOrEqual(BPF_MAX_COND_OFFSET);
      expect(i.jf).toBeLessThanOrEqual(BPF_MAX_COND_OFFSET);
    }
    expect(run(farJump(padding, 'jf'), 1)).toBe(100);
    expect(run(farJump(padding, 'jf'), 5)).toBe(7);
    expect(run(farJump(padding, 'jt'), 1)).toBe(7);
    expect(run(farJump(padding, 'jt'), 5)).toBe(100);
  });

  it('handles both branches far and trampolines that push other jumps out of range', () => {
    const b = new ProgramBuilder();
    const a = b.newLabel();
    const c = b.newLabel();
    b.load(0);
    // 300 jumps, each to the far labels: every trampoline inserted moves the targets further.
    for (let k = 0; k < 300; k++) b.jump('jeq', k, a, null);
    b.jump('jgt', 1000, c, a);
    for (let i = 0; i < 300; i++) b.ret(i);
    b.place(a);
    b.ret(1);
    for (let i = 0; i < 300; i++) b.ret(i);
    b.place(c);
    b.ret(2);
    const filter = encodeSockFilters(b.assemble(), true);
    expect(decodeSockFilters(filter, true).every((i) => i.jt <= 255 && i.jf <= 255)).toBe(true);
    expect(runSeccompFilter(filter, { nr: 0, arch: ARCH })).toBe(1);
    expect(runSeccompFilter(filter, { nr: 299, arch: ARCH })).toBe(1);
    expect(runSeccompFilter(filter, { nr: 500, arch: ARCH })).toBe(1);
    expect(runSeccompFilter(filter, { nr: 5000, arch: ARCH })).toBe(2);
  });

  it('refuses labels that are never placed, backward jumps and a missing final return', () => {
    const unplaced = new ProgramBuilder();
    unplaced.jump('jeq', 1, unplaced.newLabel(), null);
    unplaced.ret(0);
    expect(() => unplaced.assemble()).toThrow(/never placed/);

    const backward = new ProgramBuilder();
    const start = backward.newLabel();
    backward.place(start);
    backward.load(0);
    backward.jump('jeq', 1, start, null);
    backward.ret(0);
    expect(() => backward.assemble()).toThrow(/out of the program/);

    const open = new ProgramBuilder();
    open.load(0);
    expect(() => open.assemble()).toThrow(/end with a return/);
  });
});
