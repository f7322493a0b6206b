// Docker's container states and which operations each allows, with docker's wording.
import { InvalidStateError } from '../errors';
import { healthSuffix, type HealthState } from '../health/health-state';

export const CONTAINER_STATUSES = [
  'created',
  'running',
  'paused',
  'restarting',
  'removing',
  'exited',
  'dead',
] as const;
export type ContainerStatus = (typeof CONTAINER_STATUSES)[number];

/** The State block of a container, as docker's inspect shows it. */
export interface ContainerState {
  status: ContainerStatus;
  /** Host pid of the init process while running or paused, else 0. */
  pid: number;
  exitCode: number;
  /** Why the engine failed to start or stop it, if it did. */
  error: string;
  oomKilled: boolean;
  /** ISO times; '' when never. */
  startedAt: string;
  finishedAt: string;
  /** Set while (and after) a run with a healthcheck: what the health monitor found. */
  health?: HealthState;
}

export function initialState(): ContainerState {
  return {
    status: 'created',
    pid: 0,
    exitCode: 0,
    error: '',
    oomKilled: false,
    startedAt: '',
    finishedAt: '',
  };
}

/** Whether the container has a live process (running or paused). */
export function isActive(status: ContainerStatus): boolean {
  return status === 'running' || status === 'paused';
}

export type Operation =
  'start' | 'stop' | 'kill' | 'pause' | 'unpause' | 'exec' | 'attach' | 'remove' | 'rename' | 'update';

/** Throws the docker-worded error when `op` is not allowed in `status`; `force` applies to remove. */
export function assertAllowed(
  op: Operation,
  status: ContainerStatus,
  id: string,
  name: string,
  force = false,
): void {
  const problem = refusal(op, status, id, name, force);
  if (problem !== undefined) throw new InvalidStateError(id, problem);
}

function refusal(
  op: Operation,
  status: ContainerStatus,
  id: string,
  name: string,
  force: boolean,
): string | undefined {
  if (status === 'removing' && op !== 'kill')
    return `removal of container ${id.slice(0, 12)} is already in progress`;
  switch (op) {
    case 'start':
      if (status === 'paused') return 'cannot start a paused container, try unpause instead';
      if (status === 'dead')
        return `container ${id.slice(0, 12)} is marked for removal and cannot be started`;
      return undefined;
    case 'kill':
    case 'exec':
    case 'attach':
      if (status === 'running' || (status === 'paused' && op === 'kill')) return undefined;
      // Attached before the start, as `run` and `start -a` do, so no output is lost.
      if (op === 'attach' && (status === 'created' || status === 'exited')) return undefined;
      if (status === 'paused')
        return `container ${id.slice(0, 12)} is paused, unpause the container before ${op}`;
      if (status === 'restarting')
        return `container ${id.slice(0, 12)} is restarting, wait until the container is running`;
      return `container ${id.slice(0, 12)} is not running`;
    case 'pause':
      if (status === 'paused') return `container ${id.slice(0, 12)} is already paused`;
      if (status !== 'running') return `container ${id.slice(0, 12)} is not running`;
      return undefined;
    case 'unpause':
      return status === 'paused' ? undefined : `container ${id.slice(0, 12)} is not paused`;
    case 'remove':
      if (force || !(isActive(status) || status === 'restarting')) return undefined;
      if (status === 'paused')
        return `cannot remove container "/${name}": container is paused: unpause the container before stopping or removing, or force remove`;
      return `cannot remove container "/${name}": container is ${status}: stop the container before removing or force remove`;
    case 'stop':
    case 'rename':
    case 'update':
      return undefined;
  }
}

/** docker's human status column: "Up 3 minutes", "Exited (0) 2 seconds ago"... */
export function describeStatus(state: ContainerState, now: Date): string {
  switch (state.status) {
    case 'created':
      return 'Created';
    case 'running':
      return `Up ${humanDuration(now.getTime() - Date.parse(state.startedAt))}${healthSuffix(state.health)}`;
    case 'paused':
      return `Up ${humanDuration(now.getTime() - Date.parse(state.startedAt))} (Paused)`;
    case 'restarting':
      return `Restarting (${state.exitCode}) ${humanDuration(now.getTime() - Date.parse(state.finishedAt))} ago`;
    case 'removing':
      return 'Removal In Progress';
    case 'exited':
      return `Exited (${state.exitCode}) ${humanDuration(now.getTime() - Date.parse(state.finishedAt))} ago`;
    case 'dead':
      return 'Dead';
  }
}

/** docker's (go-units) HumanDuration. */
export function humanDuration(ms: number): string {
  const seconds = Math.floor(Math.max(0, ms) / 1000);
  if (seconds < 1) return 'Less than a second';
  if (seconds === 1) return '1 second';
  if (seconds < 60) return `${seconds} seconds`;
  const minutes = Math.floor(seconds / 60);
  if (minutes === 1) return 'About a minute';
  if (minutes < 60) return `${minutes} minutes`;
  const hours = Math.round(minutes / 60);
  if (hours === 1) return 'About an hour';
  if (hours < 48) return `${hours} hours`;
  if (hours < 24 * 7 * 2) return `${Math.floor(hours / 24)} days`;
  if (hours < 24 * 30 * 2) return `${Math.floor(hours / 24 / 7)} weeks`;
  if (hours < 24 * 365 * 2) return `${Math.floor(hours / 24 / 30)} months`;
  return `${Math.floor(hours / 24 / 365)} years`;
}
