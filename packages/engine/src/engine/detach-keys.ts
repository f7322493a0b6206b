// docker's --detach-keys: a comma-separated key sequence ("ctrl-p,ctrl-q", the default) that,
// typed on an attached stdin, detaches instead of reaching the process.
import { InvalidOptionError } from '../errors';

export const DEFAULT_DETACH_KEYS = 'ctrl-p,ctrl-q';

/** The byte sequence of a detach-keys string; empty for "" (detaching disabled). */
export function parseDetachKeys(text: string): Buffer {
  if (text === '') return Buffer.alloc(0);
  return Buffer.from(
    text.split(',').map((key) => {
      if (key.length === 1) return key.charCodeAt(0);
      const ctrl = /^ctrl-([a-z@[\\\]^_])$/.exec(key);
      if (!ctrl)
        throw new InvalidOptionError(
          'detach-keys',
          `unknown key "${key}" (use a letter, or ctrl-<a-z @ [ \\ ] ^ _>)`,
        );
      const c = ctrl[1];
      return c >= 'a' && c <= 'z' ? c.charCodeAt(0) - 96 : c.charCodeAt(0) - 64;
    }),
  );
}

/**
 * Scans stdin for the sequence across chunk boundaries. Bytes that might begin the sequence
 * are held back until it is clear they do not, then passed on.
 */
export class DetachScanner {
  private matched = 0;

  constructor(private readonly keys: Buffer) {}

  /** Returns what to forward and whether the sequence was typed (nothing after it is forwarded). */
  scan(chunk: Buffer): { forward: Buffer; detach: boolean } {
    if (this.keys.length === 0) return { forward: chunk, detach: false };
    const out: number[] = [];
    for (const byte of chunk) {
      if (byte === this.keys[this.matched]) {
        this.matched++;
        if (this.matched === this.keys.length) return { forward: Buffer.from(out), detach: true };
        continue;
      }
      // A partial match that failed: its bytes were ordinary input after all.
      for (let i = 0; i < this.matched; i++) out.push(this.keys[i]);
      this.matched = byte === this.keys[0] ? 1 : 0;
      if (this.matched === 0) out.push(byte);
    }
    return { forward: Buffer.from(out), detach: false };
  }
}
