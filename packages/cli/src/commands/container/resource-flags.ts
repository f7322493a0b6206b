// The resource-limit and restart flags `run`, `create` and `update` share, and their parsing
// into the engine's Resources and RestartPolicy.
import { engine } from '@berth/api';
import { str, type FlagSpec } from '../../args/flag-spec';
import { parseRestart } from '../../args/limits';
import type { ParsedFlags } from '../../args/parsed-flags';
import { parseBytes, parseInteger, parseNanoCpus } from '../../args/sizes';

export const RESOURCE_FLAGS: FlagSpec[] = [
  str('cpu-period', 'Limit CPU CFS (Completely Fair Scheduler) period', undefined, 'int'),
  str('cpu-quota', 'Limit CPU CFS (Completely Fair Scheduler) quota', undefined, 'int'),
  str('cpu-shares', 'CPU shares (relative weight)', 'c', 'int'),
  str('cpus', 'Number of CPUs', undefined, 'decimal'),
  str('cpuset-cpus', 'CPUs in which to allow execution (0-3, 0,1)'),
  str('memory', 'Memory limit', 'm', 'bytes'),
  str('memory-reservation', 'Memory soft limit', undefined, 'bytes'),
  str(
    'memory-swap',
    "Swap limit equal to memory plus swap: '-1' to enable unlimited swap",
    undefined,
    'bytes',
  ),
  str('pids-limit', 'Tune container pids limit (set -1 for unlimited)', undefined, 'int'),
  str('restart', 'Restart policy to apply when a container exits'),
];

const RESTART_NAMES = {
  no: engine.v1.RestartPolicyName.RESTART_POLICY_NAME_NO,
  'on-failure': engine.v1.RestartPolicyName.RESTART_POLICY_NAME_ON_FAILURE,
  always: engine.v1.RestartPolicyName.RESTART_POLICY_NAME_ALWAYS,
  'unless-stopped': engine.v1.RestartPolicyName.RESTART_POLICY_NAME_UNLESS_STOPPED,
};

function optional<T>(flags: ParsedFlags, name: string, parse: (value: string) => T): T | undefined {
  const value = flags.string(name);
  return value === undefined ? undefined : parse(value);
}

/** The limits the flags set; zero where a flag is absent (the engine's "unset"). */
export function resourcesFromFlags(flags: ParsedFlags): engine.v1.Resources {
  const integer = (name: string) => optional(flags, name, (value) => parseInteger(value, `--${name}`)) ?? 0;
  return engine.v1.Resources.fromPartial({
    memory: optional(flags, 'memory', (value) => parseBytes(value, '--memory')) ?? 0,
    memorySwap:
      optional(flags, 'memory-swap', (value) => (value === '-1' ? -1 : parseBytes(value, '--memory-swap'))) ??
      0,
    memoryReservation:
      optional(flags, 'memory-reservation', (value) => parseBytes(value, '--memory-reservation')) ?? 0,
    nanoCpus: optional(flags, 'cpus', (value) => parseNanoCpus(value)) ?? 0,
    cpuShares: integer('cpu-shares'),
    cpusetCpus: flags.string('cpuset-cpus') ?? '',
    cpuPeriod: integer('cpu-period'),
    cpuQuota: integer('cpu-quota'),
    pidsLimit: integer('pids-limit'),
  });
}

/** --restart as the engine's policy; undefined when the flag is absent. */
export function restartPolicyFromFlags(flags: ParsedFlags): engine.v1.RestartPolicy | undefined {
  const restart = optional(flags, 'restart', parseRestart);
  return restart && { name: RESTART_NAMES[restart.name], maximumRetryCount: restart.maximumRetryCount };
}
