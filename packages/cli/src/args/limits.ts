import { InvalidArgumentError } from '../errors';

export type RestartName = 'no' | 'on-failure' | 'always' | 'unless-stopped';

/** `--restart no|always|unless-stopped|on-failure[:max-retries]`. */
export function parseRestart(value: string): { name: RestartName; maximumRetryCount: number } {
  const [name, retries, ...extra] = value.split(':');
  const bad = (why: string) => new InvalidArgumentError(`invalid restart policy "${value}": ${why}`);
  if (extra.length) throw bad('too many colons');
  if (name !== 'no' && name !== 'on-failure' && name !== 'always' && name !== 'unless-stopped') {
    throw bad('expected no, always, unless-stopped or on-failure[:max-retries]');
  }
  if (retries === undefined) return { name, maximumRetryCount: 0 };
  if (name !== 'on-failure') throw bad(`maximum retry count applies to on-failure only`);
  if (!/^\d+$/.test(retries)) throw bad(`maximum retry count "${retries}" is not a non-negative integer`);
  return { name, maximumRetryCount: Number(retries) };
}

const ULIMIT_NAMES = new Set([
  'core',
  'cpu',
  'data',
  'fsize',
  'locks',
  'memlock',
  'msgqueue',
  'nice',
  'nofile',
  'nproc',
  'rss',
  'rtprio',
  'rttime',
  'sigpending',
  'stack',
  'as',
]);

/** `--ulimit name=soft[:hard]`; -1 (or "unlimited") means no limit; hard defaults to soft. */
export function parseUlimit(value: string): { name: string; soft: number; hard: number } {
  const bad = (why: string) => new InvalidArgumentError(`invalid ulimit "${value}": ${why}`);
  const eq = value.indexOf('=');
  if (eq === -1) throw bad('expected name=soft[:hard]');
  const name = value.slice(0, eq);
  if (!ULIMIT_NAMES.has(name)) throw bad(`unknown ulimit "${name}"`);
  const limits = value.slice(eq + 1).split(':');
  if (limits.length > 2) throw bad('expected name=soft[:hard]');
  const [soft, hard = soft] = limits.map((limit) => {
    if (limit === 'unlimited' || limit === '-1') return -1;
    if (!/^\d+$/.test(limit)) throw bad(`limit "${limit}" is not a number`);
    return Number(limit);
  });
  if (hard !== -1 && (soft === -1 || soft > hard))
    throw bad(`soft limit ${soft} is above hard limit ${hard}`);
  return { name, soft, hard };
}
