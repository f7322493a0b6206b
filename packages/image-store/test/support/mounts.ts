import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';

import { mountCommandArgs, type Mount } from '../../src';

/** Mounts a snapshot's mounts at `target` with mount(8) and returns the unmount function. */
export function mountAll(mounts: Mount[], target: string): () => void {
  mkdirSync(target, { recursive: true });
  const done: string[] = [];
  for (const mount of mounts) {
    execFileSync('mount', mountCommandArgs(mount, target));
    done.push(target);
  }
  return () => {
    for (const path of done.reverse()) execFileSync('umount', ['-R', path]);
    done.length = 0;
  };
}

/** Unmounts everything still mounted at or below `dir` (cleanup after a failed test). */
export function unmountUnder(dir: string): void {
  const lines = execFileSync('cat', ['/proc/self/mountinfo']).toString().split('\n');
  const points = lines
    .map((line) => line.split(' ')[4])
    .filter((point): point is string => point !== undefined && (point === dir || point.startsWith(`${dir}/`)))
    .sort((a, b) => b.length - a.length);
  for (const point of points) execFileSync('umount', ['-l', point]);
}
