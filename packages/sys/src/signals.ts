import { constants } from 'node:os';
import { SysError } from './errors';

// Linux numbers real-time signals up to 64; Node names only the classic ones.
const MAX_SIGNAL = 64;
const SIGRTMIN = 34;

const SIGNAL_NAMES: ReadonlyMap<number, NodeJS.Signals> = new Map(
  (Object.entries(constants.signals) as [NodeJS.Signals, number][]).map(
    ([name, value]) => [value, name] as const,
  ),
);

/** The number for a signal name ('SIGTERM') or number; 0 is the "does it exist" probe. */
export function signalNumber(signal: number | NodeJS.Signals): number {
  if (typeof signal === 'number') {
    if (Number.isInteger(signal) && signal >= 0 && signal <= MAX_SIGNAL) return signal;
    throw new SysError('InvalidArgument', `signal must be from 0 to ${MAX_SIGNAL}, got ${signal}`);
  }
  const value = (constants.signals as Record<string, number | undefined>)[signal];
  if (typeof signal !== 'string' || value === undefined) {
    throw new SysError('InvalidArgument', `unknown signal ${JSON.stringify(signal)}`);
  }
  return value;
}

/** 'SIGKILL' for 9; 'SIGRTMIN+n' for real-time signals. */
export function signalName(signal: number): string {
  const name = SIGNAL_NAMES.get(signal);
  if (name) return name;
  return signal >= SIGRTMIN ? `SIGRTMIN+${signal - SIGRTMIN}` : `SIG${signal}`;
}
