// Docker's --restart values: no, on-failure[:max-retries], always, unless-stopped.
import { InvalidOptionError } from '../errors';

export type RestartPolicyName = 'no' | 'on-failure' | 'always' | 'unless-stopped';

export interface RestartPolicy {
  name: RestartPolicyName;
  /** on-failure only: give up after this many restarts; 0 = never give up. */
  maximumRetryCount: number;
}

export const NO_RESTART: RestartPolicy = { name: 'no', maximumRetryCount: 0 };

export function parseRestartPolicy(text: string): RestartPolicy {
  const [name, count, extra] = text.trim().split(':');
  if (name === '' || name === 'no') {
    if (count !== undefined)
      throw new InvalidOptionError('restart', 'maximum retry count can only be used with "on-failure"');
    return NO_RESTART;
  }
  if (name !== 'on-failure' && name !== 'always' && name !== 'unless-stopped')
    throw new InvalidOptionError(
      'restart',
      `unknown policy "${name}" (use no, on-failure[:N], always, unless-stopped)`,
    );
  if (count === undefined) return { name, maximumRetryCount: 0 };
  if (name !== 'on-failure' || extra !== undefined)
    throw new InvalidOptionError('restart', 'maximum retry count can only be used with "on-failure"');
  if (!/^\d+$/.test(count))
    throw new InvalidOptionError('restart', `maximum retry count "${count}" is not a number`);
  return { name, maximumRetryCount: Number(count) };
}

export function formatRestartPolicy(policy: RestartPolicy): string {
  return policy.name === 'on-failure' && policy.maximumRetryCount > 0
    ? `on-failure:${policy.maximumRetryCount}`
    : policy.name;
}
