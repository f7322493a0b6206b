// Freezing and thawing a container's processes. v1 has the freezer controller (freezer.state); v2 has
// it in the core (cgroup.freeze, with cgroup.events reporting when the freeze has completed).
import { readCgroupFile, readFlatKeyed, writeCgroupFile } from './cgroupfs';
import { CgroupIoError } from './errors';
import { sleepSync } from './sleep';

export type FreezerState = 'THAWED' | 'FREEZING' | 'FROZEN';

export interface Freezer {
  /** Returns once the kernel reports every task frozen. */
  freeze(dir: string): void;
  thaw(dir: string): void;
  state(dir: string): FreezerState;
}

// Freezing waits on every task to reach the refrigerator; a task stuck in the kernel (vfork, a
// D-state wait) can hold it in FREEZING, so the freeze is re-requested now and then, as runc does.
const POLL_INTERVAL_MS = 10;
const MAX_POLLS = 1000;
const RETRIGGER_EVERY = 25;

function freezeAndWait(dir: string, request: () => void, reset: () => void, state: () => FreezerState): void {
  request();
  for (let poll = 1; poll <= MAX_POLLS; poll += 1) {
    if (state() === 'FROZEN') return;
    if (poll % RETRIGGER_EVERY === 0) {
      reset();
      request();
    }
    sleepSync(POLL_INTERVAL_MS);
  }
  reset();
  throw new CgroupIoError(`cgroup ${dir} did not freeze: a task stayed busy in the kernel; thawed it again`);
}

function v1FreezerState(dir: string): FreezerState {
  const text = readCgroupFile(dir, 'freezer.state');
  if (text === 'THAWED' || text === 'FREEZING' || text === 'FROZEN') return text;
  throw new CgroupIoError(`${dir}/freezer.state: unexpected state ${JSON.stringify(text)}`);
}

function v2FreezerState(dir: string): FreezerState {
  if (readCgroupFile(dir, 'cgroup.freeze') !== '1') return 'THAWED';
  return readFlatKeyed(dir, 'cgroup.events').get('frozen') === 1 ? 'FROZEN' : 'FREEZING';
}

export const v1Freezer: Freezer = {
  freeze(dir: string): void {
    freezeAndWait(
      dir,
      () => writeCgroupFile(dir, 'freezer.state', 'FROZEN', 'freeze'),
      () => writeCgroupFile(dir, 'freezer.state', 'THAWED', 'thaw'),
      () => v1FreezerState(dir),
    );
  },
  thaw(dir: string): void {
    writeCgroupFile(dir, 'freezer.state', 'THAWED', 'thaw');
  },
  state: v1FreezerState,
};

export const v2Freezer: Freezer = {
  freeze(dir: string): void {
    freezeAndWait(
      dir,
      () => writeCgroupFile(dir, 'cgroup.freeze', '1', 'freeze'),
      () => writeCgroupFile(dir, 'cgroup.freeze', '0', 'thaw'),
      () => v2FreezerState(dir),
    );
  },
  thaw(dir: string): void {
    writeCgroupFile(dir, 'cgroup.freeze', '0', 'thaw');
  },
  state: v2FreezerState,
};
