import { posix } from 'node:path';
import type { Check } from '../validation/check';
import { rule, runCheck } from '../validation/check';
import { annotations, envEntry } from '../validation/common-checks';
import { memberPath } from '../validation/issues';
import { anyString, boolean, integer, nonEmptyString } from '../validation/primitives';
import { arrayOf, object, optional, required, type Shape } from '../validation/structures';
import { HOOK_NAMES } from './constants';
import { idMapping, safeAbsolutePath } from './field-checks';
import { linuxCheck } from './linux-checks';
import { processCheck } from './process-checks';
import type { Hook, Hooks, Mount, Root, Spec } from './spec-types';
import { ociVersion } from './version';

/**
 * Mount destinations SHOULD be absolute; config.md still allows a relative one (deprecated) and
 * says it MUST be read as relative to "/", which runc does too. Berth accepts it and hands
 * callers the absolute, cleaned path (`tmp` -> `/tmp`). An empty destination is refused.
 */
const mountDestination: Check<string> = rule(nonEmptyString, (s) =>
  s.includes('\0') ? 'must not contain NUL bytes' : undefined,
);

/** `/`-rooted, without `.`/`..` segments, doubled or trailing slashes (Go's filepath.Clean). */
function cleanAbsolute(destination: string): string {
  const cleaned = posix.join('/', destination);
  return cleaned.length > 1 && cleaned.endsWith('/') ? cleaned.slice(0, -1) : cleaned;
}

const mountMembers = object<Mount>({
  destination: required(mountDestination),
  source: optional(anyString),
  options: optional(arrayOf(anyString)),
  type: optional(anyString),
  uidMappings: optional(arrayOf(idMapping)),
  gidMappings: optional(arrayOf(idMapping)),
});

const mount: Check<Mount> = (value, path, issues) => {
  const checked = mountMembers(value, path, issues);
  if (checked === undefined) return undefined;
  // The spec requires idmapped mounts to give both mappings or neither.
  if ((checked.uidMappings === undefined) !== (checked.gidMappings === undefined)) {
    const [given, absent] =
      checked.uidMappings === undefined ? ['gidMappings', 'uidMappings'] : ['uidMappings', 'gidMappings'];
    issues.add(memberPath(path, absent), `missing (required together with ${given})`);
    return undefined;
  }
  return { ...checked, destination: cleanAbsolute(checked.destination) };
};

const hook = object<Hook>({
  path: required(safeAbsolutePath),
  args: optional(arrayOf(anyString)),
  env: optional(arrayOf(envEntry)),
  timeout: optional(integer({ min: 1 })),
});

const hooks = object<Hooks>(
  Object.fromEntries(HOOK_NAMES.map((name) => [name, optional(arrayOf(hook))])) as unknown as Shape<Hooks>,
);

const root = object<Root>({
  path: required(nonEmptyString),
  readonly: optional(boolean),
});

// The kernel's limit for both names (__NEW_UTS_LEN); the spec sets no syntax of its own.
const UTS_NAME_MAX_BYTES = 64;

function utsNameProblem(name: string): string | undefined {
  if (name.includes('\0')) return 'must not contain NUL bytes';
  const bytes = Buffer.byteLength(name);
  return bytes > UTS_NAME_MAX_BYTES ? `must be at most ${UTS_NAME_MAX_BYTES} bytes, got ${bytes}` : undefined;
}

const utsName = rule(anyString, utsNameProblem);

export const specCheck: Check<Spec> = object<Spec>({
  ociVersion: required(ociVersion),
  process: optional(processCheck),
  root: optional(root),
  hostname: optional(utsName),
  domainname: optional(utsName),
  mounts: optional(arrayOf(mount)),
  hooks: optional(hooks),
  annotations: optional(annotations),
  linux: optional(linuxCheck),
});

/**
 * Validates an untrusted config.json document against runtime-spec 1.0–1.3 (Linux). Every
 * problem is collected; one OciValidationError lists them with their field paths.
 */
export function parseSpec(json: unknown): Spec {
  return runCheck(specCheck, json);
}
