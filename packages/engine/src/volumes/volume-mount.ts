// The local driver's options, as docker's: `--opt type=tmpfs --opt device=tmpfs --opt o=size=64m`
// (or `type=none,o=bind,device=/srv/data`, or a block device / nfs share) make the volume a
// mount of `device` on its _data directory, made when a container using it starts and undone
// when the last one stops, so a tmpfs volume is empty again on its next use, as with docker.
// Like docker's driver it calls mount(2) itself (@berth/sys, mount(8)'s option semantics): no
// mount(8) process, and no helper such as mount.nfs (nfs takes `addr=` in `o`).
import { readFile } from 'node:fs/promises';
import { InternalError } from '@berth/kit';
import { mountWithOptions, splitMountOptions, umount } from '@berth/sys';
import { InvalidOptionError } from '../errors';

const KEYS = ['type', 'device', 'o'] as const;

export interface VolumeMountOptions {
  type: string;
  device: string;
  o: string;
}

/** Checks driver options; undefined when there are none (a plain directory). */
export function parseVolumeOptions(options: Record<string, string> = {}): VolumeMountOptions | undefined {
  const keys = Object.keys(options);
  if (keys.length === 0) return undefined;
  for (const key of keys)
    if (!(KEYS as readonly string[]).includes(key))
      throw new InvalidOptionError('opt', `unknown key "${key}" (the local driver takes type, device, o)`);
  const { type = '', device = '', o = '' } = options;
  if (type === '') throw new InvalidOptionError('opt', 'missing required option "type" for the local driver');
  if (device === '')
    throw new InvalidOptionError('opt', 'missing required option "device" for the local driver');
  if (/[\s,]/.test(type)) throw new InvalidOptionError('opt', `"${type}" is not a mount type`);
  const bind = o.split(',').some((option) => option === 'bind' || option === 'rbind');
  if (bind && !device.startsWith('/'))
    throw new InvalidOptionError('opt', `a bind volume's device must be an absolute path, got "${device}"`);
  return { type, device, o };
}

/** Whether `path` is a mount point now (the volume's data is mounted). */
export async function isMountPoint(path: string): Promise<boolean> {
  const mounts = await readFile('/proc/self/mountinfo', 'utf8');
  return mounts.split('\n').some((line) => line.split(' ')[4] === path);
}

export async function mountVolume(name: string, options: VolumeMountOptions, target: string): Promise<void> {
  try {
    await mountWithOptions(target, {
      type: options.type,
      source: options.device,
      options: splitMountOptions(options.o),
    });
  } catch (err) {
    const given = `type=${options.type} device=${options.device}${options.o ? ` o=${options.o}` : ''}`;
    throw new InvalidOptionError(
      'opt',
      `mounting volume ${name} (${given}) failed: ${(err as Error).message}`,
    );
  }
}

export async function unmountVolume(name: string, target: string): Promise<void> {
  try {
    await umount(target);
  } catch (err) {
    throw new InternalError(`unmounting volume ${name} failed: ${(err as Error).message}`, {
      reason: 'VOLUME_UNMOUNT_FAILED',
      cause: err,
    });
  }
}
