/**
 * A tiny classic-BPF assembler: code is written with symbolic forward labels and assembled into
 * `struct sock_filter`s. Conditional jumps can only skip 255 instructions (u8 offsets); when a
 * target is farther the jump is pointed at an inserted `ja` (32-bit offset) trampoline instead,
 * repeated until every offset fits, since each insertion can push other jumps out of range.
 */
import {
  BPF_ALU_AND_K,
  BPF_JMP_JA,
  BPF_JMP_JEQ_K,
  BPF_JMP_JGE_K,
  BPF_JMP_JGT_K,
  BPF_JMP_JSET_K,
  BPF_LD_W_ABS,
  BPF_MAX_COND_OFFSET,
  BPF_RET_K,
  type SockFilter,
} from './bpf';

export interface Label {
  readonly id: number;
}

export type CondOp = 'jeq' | 'jgt' | 'jge' | 'jset';

/** A branch target: a label, or `null` for the next instruction. */
export type Target = Label | null;

type Item =
  | { op: 'ld'; k: number }
  | { op: 'and'; k: number }
  | { op: 'ret'; k: number }
  | { op: CondOp; k: number; jt: Target; jf: Target }
  | { op: 'ja'; target: Label }
  | { op: 'label'; label: Label };

const COND_CODES: Record<CondOp, number> = {
  jeq: BPF_JMP_JEQ_K,
  jgt: BPF_JMP_JGT_K,
  jge: BPF_JMP_JGE_K,
  jset: BPF_JMP_JSET_K,
};

export class AssemblerError extends Error {
  readonly code = 'Internal' as const;
  constructor(message: string) {
    super(`seccomp BPF assembler: ${message}`);
    this.name = new.target.name;
  }
}

export class ProgramBuilder {
  private items: Item[] = [];
  private nextLabel = 0;

  newLabel(): Label {
    return { id: this.nextLabel++ };
  }

  /** Marks where `label` points: the next instruction emitted. */
  place(label: Label): void {
    this.items.push({ op: 'label', label });
  }

  /** A = 32-bit word at `offset` of struct seccomp_data. */
  load(offset: number): void {
    this.items.push({ op: 'ld', k: offset });
  }

  and(mask: number): void {
    this.items.push({ op: 'and', k: mask >>> 0 });
  }

  ret(value: number): void {
    this.items.push({ op: 'ret', k: value >>> 0 });
  }

  jump(op: CondOp, k: number, jt: Target, jf: Target): void {
    this.items.push({ op, k: k >>> 0, jt, jf });
  }

  assemble(): SockFilter[] {
    let items = this.items.slice();
    for (;;) {
      const layout = this.layout(items);
      const widened = this.insertTrampolines(items, layout);
      if (widened === null) return this.encode(items, layout);
      items = widened;
    }
  }

  /** Instruction index each label points to, checking every jump goes forward to a placed label. */
  private layout(items: readonly Item[]): Map<number, number> {
    const at = new Map<number, number>();
    const code = items.filter((item) => item.op !== 'label');
    let pc = 0;
    for (const item of items) {
      if (item.op !== 'label') pc++;
      else if (at.has(item.label.id)) throw new AssemblerError(`label ${item.label.id} placed twice`);
      else at.set(item.label.id, pc);
    }
    if (code.at(-1)?.op !== 'ret') throw new AssemblerError('the program must end with a return');
    code.forEach((item, from) => {
      const targets = item.op === 'ja' ? [item.target] : 'jt' in item ? [item.jt, item.jf] : [];
      for (const target of targets) {
        if (target === null) continue;
        const to = at.get(target.id);
        if (to === undefined) throw new AssemblerError(`label ${target.id} is never placed`);
        if (to <= from || to >= code.length)
          throw new AssemblerError(`jump from ${from} to ${to} is out of the program`);
      }
    });
    return at;
  }

  /** Returns a new item list with trampolines for out-of-range branches, or null if all fit. */
  private insertTrampolines(items: readonly Item[], at: Map<number, number>): Item[] | null {
    const out: Item[] = [];
    let changed = false;
    let pc = 0;
    for (const item of items) {
      if (item.op !== 'jeq' && item.op !== 'jgt' && item.op !== 'jge' && item.op !== 'jset') {
        out.push(item);
        if (item.op !== 'label') pc++;
        continue;
      }
      const far = (t: Target): t is Label =>
        t !== null && (at.get(t.id) as number) - pc - 1 > BPF_MAX_COND_OFFSET;
      const jtFar = far(item.jt);
      const jfFar = far(item.jf);
      if (!jtFar && !jfFar) {
        out.push(item);
        pc++;
        continue;
      }
      changed = true;
      // The trampolines sit right after the jump, so a fall-through branch must name the old next.
      const next = this.newLabel();
      const viaT = jtFar ? this.newLabel() : null;
      const viaF = jfFar ? this.newLabel() : null;
      out.push({ ...item, jt: viaT ?? item.jt ?? next, jf: viaF ?? item.jf ?? next });
      if (viaT) out.push({ op: 'label', label: viaT }, { op: 'ja', target: item.jt as Label });
      if (viaF) out.push({ op: 'label', label: viaF }, { op: 'ja', target: item.jf as Label });
      out.push({ op: 'label', label: next });
      pc++;
    }
    return changed ? out : null;
  }

  private encode(items: readonly Item[], at: Map<number, number>): SockFilter[] {
    const out: SockFilter[] = [];
    const offset = (t: Target): number => (t === null ? 0 : (at.get(t.id) as number) - out.length - 1);
    for (const item of items) {
      switch (item.op) {
        case 'label':
          break;
        case 'ld':
          out.push({ code: BPF_LD_W_ABS, jt: 0, jf: 0, k: item.k });
          break;
        case 'and':
          out.push({ code: BPF_ALU_AND_K, jt: 0, jf: 0, k: item.k });
          break;
        case 'ret':
          out.push({ code: BPF_RET_K, jt: 0, jf: 0, k: item.k });
          break;
        case 'ja':
          out.push({ code: BPF_JMP_JA, jt: 0, jf: 0, k: offset(item.target) });
          break;
        default:
          out.push({ code: COND_CODES[item.op], jt: offset(item.jt), jf: offset(item.jf), k: item.k });
      }
    }
    return out;
  }
}
