import { InvalidArgumentError } from '../errors';

/**
 * docker's --detach-keys syntax: comma-separated keys, each a single character or
 * "ctrl-<c>" with <c> one of a-z, @, [, \, ], ^, _ . Returns the byte sequence.
 */
export function parseDetachKeys(spec: string): Buffer {
  const bytes = spec.split(',').map((key) => {
    const ctrl = /^ctrl-(.)$/.exec(key);
    if (ctrl) {
      const code = ctrl[1].toUpperCase().charCodeAt(0);
      if ((code >= 64 && code <= 95) || ctrl[1] === '@') return code & 0x1f;
    } else if (key.length === 1) {
      return key.charCodeAt(0);
    }
    throw new InvalidArgumentError(
      `invalid detach keys "${spec}": "${key}" is not a character or ctrl-<key>`,
    );
  });
  return Buffer.from(bytes);
}

/**
 * Watches typed input for the detach sequence, as docker's escape proxy does: bytes that may
 * start the sequence are held back until it completes (detach: they are never sent) or breaks
 * (they are sent after all), so the container never sees a detach.
 */
export class DetachKeyFilter {
  private held = 0;

  constructor(private readonly sequence: Buffer) {}

  /** The bytes to forward, and whether the sequence just completed. */
  filter(chunk: Buffer): { forward: Buffer; detach: boolean } {
    const forward: number[] = [];
    for (const byte of chunk) {
      if (byte === this.sequence[this.held]) {
        this.held++;
        if (this.held === this.sequence.length) return { forward: Buffer.from(forward), detach: true };
        continue;
      }
      // The held prefix was ordinary input after all.
      forward.push(...this.sequence.subarray(0, this.held));
      this.held = 0;
      if (byte === this.sequence[0]) this.held = 1;
      else forward.push(byte);
    }
    return { forward: Buffer.from(forward), detach: false };
  }
}
