// Removing cgroup directories. rmdir(2) is the only way to delete a cgroup (its interface files go
// with it) and fails with EBUSY while exiting tasks are still being charged to it, so it is retried.
import { readdirSync, rmdirSync } from 'node:fs';
import * as path from 'node:path';
import { errnoOf } from './cgroupfs';
import { CgroupIoError } from './errors';
import { sleepSync } from './sleep';

const ATTEMPTS = 8;
const FIRST_DELAY_MS = 10;

function childDirs(dir: string): string[] {
  try {
    return readdirSync(dir, { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => path.join(dir, entry.name));
  } catch (err) {
    if (errnoOf(err) === 'ENOENT') return [];
    throw err;
  }
}

// Children first: the container may have made sub-cgroups of its own (systemd in a container does).
// A plain rmdir first: a cgroup without children (the usual case) needs no listing of its files.
function removeTreeOnce(dir: string): void {
  try {
    rmdirSync(dir);
    return;
  } catch (err) {
    if (errnoOf(err) === 'ENOENT') return;
    if (errnoOf(err) !== 'EBUSY' && errnoOf(err) !== 'ENOTEMPTY') throw err;
  }
  for (const child of childDirs(dir)) removeTreeOnce(child);
  try {
    rmdirSync(dir);
  } catch (err) {
    if (errnoOf(err) !== 'ENOENT') throw err;
  }
}

export function removeCgroupDir(dir: string): void {
  let delay = FIRST_DELAY_MS;
  for (let attempt = 1; ; attempt += 1) {
    try {
      removeTreeOnce(dir);
      return;
    } catch (err) {
      if (errnoOf(err) !== 'EBUSY' || attempt === ATTEMPTS) {
        throw new CgroupIoError(`cannot remove cgroup ${dir}: ${(err as Error).message}`, undefined, {
          cause: err,
        });
      }
    }
    sleepSync(delay);
    delay *= 2;
  }
}

/** Pids in a cgroup directory and, recursively, in its sub-cgroups. */
export function collectProcs(dir: string, read: (dir: string) => number[]): number[] {
  return [...read(dir), ...childDirs(dir).flatMap((child) => collectProcs(child, read))];
}
