// docker's --health-* and --no-healthcheck flags of run/create, as the engine's HealthConfig.
import { engine } from '@berth/api';
import { bool, str, type FlagSpec } from '../../args/flag-spec';
import type { ParsedFlags } from '../../args/parsed-flags';
import { parseInteger } from '../../args/sizes';
import { parseDuration } from '../../args/time';
import { InvalidArgumentError } from '../../errors';

const DURATION_FLAGS = [
  ['health-interval', 'Time between running the check (ms|s|m|h)', 'intervalNs'],
  ['health-timeout', 'Maximum time to allow one check to run (ms|s|m|h)', 'timeoutNs'],
  [
    'health-start-period',
    'Start period for the container to initialize before starting health-retries countdown (ms|s|m|h)',
    'startPeriodNs',
  ],
  [
    'health-start-interval',
    'Time between running the check during the start period (ms|s|m|h)',
    'startIntervalNs',
  ],
] as const;

export const HEALTH_FLAGS: FlagSpec[] = [
  str('health-cmd', 'Command to run to check health'),
  ...DURATION_FLAGS.map(([name, description]) => ({
    ...str(name, description, undefined, 'duration'),
    defaultText: '0s',
  })),
  str('health-retries', 'Consecutive failures needed to report unhealthy', undefined, 'int'),
  bool('no-healthcheck', 'Disable any container-specified HEALTHCHECK'),
];

/** The healthcheck the flags ask for, or undefined when none is given (the image's applies). */
export function healthConfigFromFlags(flags: ParsedFlags): engine.v1.HealthConfig | undefined {
  const command = flags.string('health-cmd');
  const retries = flags.string('health-retries');
  const durations = DURATION_FLAGS.map(([name, , field]) => [name, field, flags.string(name)] as const);
  const anyHealthFlag =
    command !== undefined || retries !== undefined || durations.some(([, , v]) => v !== undefined);
  if (flags.boolean('no-healthcheck')) {
    if (anyHealthFlag) throw new InvalidArgumentError('--no-healthcheck conflicts with --health-* options');
    return engine.v1.HealthConfig.fromPartial({ test: ['NONE'] });
  }
  if (!anyHealthFlag) return undefined;
  const config = engine.v1.HealthConfig.fromPartial({ test: command ? ['CMD-SHELL', command] : [] });
  for (const [name, field, value] of durations) {
    if (value === undefined) continue;
    const ms = parseDuration(value);
    if (ms === undefined)
      throw new InvalidArgumentError(
        `invalid argument "${value}" for "--${name}" flag: expected a duration like 30s`,
      );
    config[field] = Math.round(ms * 1_000_000);
  }
  if (retries !== undefined) {
    config.retries = parseInteger(retries, '--health-retries');
    if (config.retries < 0) throw new InvalidArgumentError('--health-retries cannot be negative');
  }
  return config;
}
