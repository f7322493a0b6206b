import type { Check } from '../validation/check';
import { refine, runCheck } from '../validation/check';
import { annotations } from '../validation/common-checks';
import { memberPath } from '../validation/issues';
import { absolutePath, integer, nonEmptyString, oneOf, quote } from '../validation/primitives';
import { object, optional, required } from '../validation/structures';
import { CONTAINER_STATUSES } from './constants';
import { ociVersion } from './version';

export type ContainerStatus = (typeof CONTAINER_STATUSES)[number];

/** The state of a container as `runtime state <id>` prints it (runtime.md). */
export interface State {
  ociVersion: string;
  id: string;
  status: ContainerStatus;
  /** Required on Linux while the container is created or running. */
  pid?: number;
  /** Absolute path of the bundle directory. */
  bundle: string;
  annotations?: Record<string, string>;
}

const NEEDS_PID: ReadonlySet<ContainerStatus> = new Set(['created', 'running']);

export const stateCheck: Check<State> = refine(
  object<State>({
    ociVersion: required(ociVersion),
    id: required(nonEmptyString),
    status: required(oneOf(CONTAINER_STATUSES, 'status')),
    pid: optional(integer({ min: 0, max: 0x7fffffff })),
    bundle: required(absolutePath),
    annotations: optional(annotations),
  }),
  (state, path, issues) => {
    if (NEEDS_PID.has(state.status) && (state.pid === undefined || state.pid === 0)) {
      issues.add(memberPath(path, 'pid'), `required when status is ${quote(state.status)}`);
    }
  },
);

/** Validates a state document, e.g. the output of another runtime's `state` command. */
export function parseState(json: unknown): State {
  return runCheck(stateCheck, json);
}
