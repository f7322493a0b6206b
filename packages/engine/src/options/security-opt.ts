// Docker's --security-opt entries.
import { InvalidOptionError } from '../errors';

export type SeccompChoice =
  { kind: 'default' } | { kind: 'unconfined' } | { kind: 'profile'; profile: Record<string, unknown> };

export interface SecurityOptions {
  seccomp: SeccompChoice;
  noNewPrivileges: boolean;
}

/**
 * Accepts seccomp=unconfined|<profile JSON>, no-new-privileges[:true|false] (also with "="),
 * and apparmor=/label= (accepted and ignored: Berth loads neither AppArmor nor SELinux).
 * The CLI reads a profile file and sends its content, since the engine may not see the file.
 */
export function parseSecurityOptions(entries: string[]): SecurityOptions {
  const result: SecurityOptions = { seccomp: { kind: 'default' }, noNewPrivileges: false };
  for (const entry of entries) {
    const [key, value] = splitOption(entry);
    if (key === 'seccomp') result.seccomp = parseSeccomp(value);
    else if (key === 'no-new-privileges') result.noNewPrivileges = parseFlag(value, entry);
    else if (key !== 'apparmor' && key !== 'label')
      throw new InvalidOptionError('security-opt', `unknown option "${entry}"`);
  }
  return result;
}

function splitOption(entry: string): [string, string | undefined] {
  const match = /^([a-z-]+)(?:[=:](.*))?$/s.exec(entry.trim());
  if (!match) throw new InvalidOptionError('security-opt', `"${entry}" is not key=value`);
  return [match[1], match[2]];
}

function parseFlag(value: string | undefined, entry: string): boolean {
  if (value === undefined || value === 'true') return true;
  if (value === 'false') return false;
  throw new InvalidOptionError('security-opt', `"${entry}": value must be true or false`);
}

function parseSeccomp(value: string | undefined): SeccompChoice {
  if (value === undefined || value === '')
    throw new InvalidOptionError('security-opt', 'seccomp needs "unconfined" or a profile');
  if (value === 'unconfined') return { kind: 'unconfined' };
  let profile: unknown;
  try {
    profile = JSON.parse(value);
  } catch {
    throw new InvalidOptionError(
      'security-opt',
      "seccomp profile is not JSON (the CLI sends the file's content)",
    );
  }
  if (
    typeof profile !== 'object' ||
    profile === null ||
    typeof (profile as { defaultAction?: unknown }).defaultAction !== 'string'
  )
    throw new InvalidOptionError('security-opt', 'seccomp profile has no "defaultAction"');
  return { kind: 'profile', profile: profile as Record<string, unknown> };
}
