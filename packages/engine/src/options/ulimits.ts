// Docker's --ulimit names mapped to the OCI rlimit types.
import type { Rlimit, RlimitType } from '@berth/oci';
import { InvalidOptionError } from '../errors';

const NAMES: Record<string, RlimitType> = {
  as: 'RLIMIT_AS',
  core: 'RLIMIT_CORE',
  cpu: 'RLIMIT_CPU',
  data: 'RLIMIT_DATA',
  fsize: 'RLIMIT_FSIZE',
  locks: 'RLIMIT_LOCKS',
  memlock: 'RLIMIT_MEMLOCK',
  msgqueue: 'RLIMIT_MSGQUEUE',
  nice: 'RLIMIT_NICE',
  nofile: 'RLIMIT_NOFILE',
  nproc: 'RLIMIT_NPROC',
  rss: 'RLIMIT_RSS',
  rtprio: 'RLIMIT_RTPRIO',
  rttime: 'RLIMIT_RTTIME',
  sigpending: 'RLIMIT_SIGPENDING',
  stack: 'RLIMIT_STACK',
};

/**
 * RLIM_INFINITY (2^64-1) as config.json can carry it from JavaScript: the nearest double is
 * 2^64, which the OCI validator accepts as a uint64 bound and runtimes read as unlimited.
 */
export const RLIM_INFINITY = 2 ** 64;

export interface UlimitRequest {
  name: string;
  /** -1 = unlimited. */
  soft: number;
  hard: number;
}

/** Parses "nofile=1024[:2048]" (also "nofile=unlimited"). */
export function parseUlimit(text: string): UlimitRequest {
  const [name, values] = text.split('=', 2);
  if (values === undefined) throw new InvalidOptionError('ulimit', `"${text}" is not name=soft[:hard]`);
  const [soft, hard = soft, extra] = values.split(':');
  if (extra !== undefined) throw new InvalidOptionError('ulimit', `"${text}" is not name=soft[:hard]`);
  const value = (part: string) => {
    if (part === 'unlimited' || part === '-1') return -1;
    if (!/^\d+$/.test(part)) throw new InvalidOptionError('ulimit', `"${part}" in "${text}" is not a number`);
    return Number(part);
  };
  return checkUlimit({ name, soft: value(soft), hard: value(hard) });
}

export function checkUlimit(request: UlimitRequest): UlimitRequest {
  if (!(request.name in NAMES)) throw new InvalidOptionError('ulimit', `unknown ulimit "${request.name}"`);
  const limited = (n: number) => (n < 0 ? Infinity : n);
  if (limited(request.soft) > limited(request.hard))
    throw new InvalidOptionError('ulimit', `soft limit of ${request.name} exceeds its hard limit`);
  return request;
}

export function toRlimit(request: UlimitRequest): Rlimit {
  const value = (n: number) => (n < 0 ? RLIM_INFINITY : n);
  return { type: NAMES[request.name], soft: value(request.soft), hard: value(request.hard) };
}
