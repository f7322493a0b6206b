import type { Check } from '../validation/check';
import { rule } from '../validation/check';
import { anyString, quote } from '../validation/primitives';

/** The runtime-spec version Berth writes; parsing accepts 1.0.0 up to any 1.3.x. */
export const OCI_RUNTIME_SPEC_VERSION = '1.3.0';
export const OCI_RUNTIME_SPEC_VERSION_MIN = '1.0.0';
const MAX_MINOR = 3;

// SemVer 2.0: MAJOR.MINOR.PATCH with optional -prerelease and +build (runc writes e.g. "1.0.2-dev").
const SEMVER =
  /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?(?:\+[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?$/;

function semverProblem(version: string): string | undefined {
  return SEMVER.test(version) ? undefined : `must be a SemVer version like "1.2.0", got ${quote(version)}`;
}

/** Any SemVer version: what a runtime reports about itself may be newer than what Berth knows. */
export const semverString: Check<string> = rule(anyString, semverProblem);

export function ociVersionProblem(version: string): string | undefined {
  const match = SEMVER.exec(version);
  if (match === null) return semverProblem(version);
  const major = Number(match[1]);
  const minor = Number(match[2]);
  if (major !== 1 || minor > MAX_MINOR) {
    return `unsupported version ${quote(version)} (supported: ${OCI_RUNTIME_SPEC_VERSION_MIN} to 1.${MAX_MINOR}.x)`;
  }
  return undefined;
}

export const ociVersion: Check<string> = rule(anyString, ociVersionProblem);
