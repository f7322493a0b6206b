// Signal names and numbers as docker's --stop-signal and kill -s accept them.
import { constants } from 'node:os';
import { InvalidOptionError } from '../errors';

export interface Signal {
  /** "SIGTERM". */
  name: string;
  number: number;
}

const BY_NAME = constants.signals as Record<string, number>;
const SIGRTMIN = 34;
const SIGRTMAX = 64;

/** Accepts "SIGTERM", "term", "15", "SIGRTMIN+3", "RTMAX-1". */
export function parseSignal(text: string, field = 'signal'): Signal {
  const trimmed = text.trim();
  if (/^\d+$/.test(trimmed)) {
    const number = Number(trimmed);
    if (number < 1 || number > SIGRTMAX)
      throw new InvalidOptionError(field, `signal number ${number} is out of range 1-${SIGRTMAX}`);
    return { name: signalName(number), number };
  }
  const upper = trimmed.toUpperCase();
  const name = upper.startsWith('SIG') ? upper : `SIG${upper}`;
  const realtime = /^SIGRT(MIN|MAX)(?:([+-])(\d+))?$/.exec(name);
  if (realtime) {
    const base = realtime[1] === 'MIN' ? SIGRTMIN : SIGRTMAX;
    const number = base + (realtime[2] === '-' ? -1 : 1) * Number(realtime[3] ?? 0);
    if (number < SIGRTMIN || number > SIGRTMAX)
      throw new InvalidOptionError(field, `"${text}" is outside SIGRTMIN..SIGRTMAX`);
    return { name, number };
  }
  const number = BY_NAME[name];
  if (number === undefined) throw new InvalidOptionError(field, `unknown signal "${text}"`);
  return { name, number };
}

export function signalName(number: number): string {
  const name = Object.keys(BY_NAME).find(
    (key) => BY_NAME[key] === number && key !== 'SIGIOT' && key !== 'SIGPOLL',
  );
  if (name) return name;
  return number >= SIGRTMIN ? `SIGRTMIN+${number - SIGRTMIN}` : `SIG${number}`;
}
