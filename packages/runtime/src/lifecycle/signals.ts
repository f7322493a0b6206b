import { InvalidConfigError } from '../errors';
import { SIGNALS } from '../plan/kernel-constants';

/** A signal as runc accepts it: "KILL", "SIGKILL" or "9". */
export function parseSignal(text: string): number {
  if (/^\d+$/.test(text)) {
    const n = Number(text);
    if (n < 1 || n > 64) throw new InvalidConfigError(`invalid signal: ${text}`);
    return n;
  }
  const name = text.toUpperCase().replace(/^SIG/, '');
  const rt = /^RTMIN(?:\+(\d+))?$/.exec(name);
  if (rt) return 34 + Number(rt[1] ?? 0);
  const n = SIGNALS[name];
  if (n === undefined) throw new InvalidConfigError(`unknown signal "${text}"`);
  return n;
}
