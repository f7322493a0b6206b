import type { Spec } from '../oci';
import { InvalidConfigError } from '../errors';

export interface DeviceNode {
  path: string;
  type: 'c' | 'b' | 'p';
  major: number;
  minor: number;
  fileMode: number;
  uid: number;
  gid: number;
}

/** The devices every Linux container gets (runtime-spec config-linux.md "Default Devices"). */
const DEFAULT_DEVICES: readonly DeviceNode[] = [
  { path: '/dev/null', type: 'c', major: 1, minor: 3, fileMode: 0o666, uid: 0, gid: 0 },
  { path: '/dev/zero', type: 'c', major: 1, minor: 5, fileMode: 0o666, uid: 0, gid: 0 },
  { path: '/dev/full', type: 'c', major: 1, minor: 7, fileMode: 0o666, uid: 0, gid: 0 },
  { path: '/dev/random', type: 'c', major: 1, minor: 8, fileMode: 0o666, uid: 0, gid: 0 },
  { path: '/dev/urandom', type: 'c', major: 1, minor: 9, fileMode: 0o666, uid: 0, gid: 0 },
  { path: '/dev/tty', type: 'c', major: 5, minor: 0, fileMode: 0o666, uid: 0, gid: 0 },
];

/** The default devices overlaid with config.json's linux.devices (a config entry wins by path). */
export function deviceNodes(spec: Spec): DeviceNode[] {
  const byPath = new Map<string, DeviceNode>(DEFAULT_DEVICES.map((d) => [d.path, d]));
  (spec.linux?.devices ?? []).forEach((d, i) => {
    const field = `linux.devices[${i}]`;
    if (!d.path.startsWith('/'))
      throw new InvalidConfigError(`${field}.path: must be absolute, got "${d.path}"`);
    const type = d.type === 'u' ? 'c' : d.type;
    if (type !== 'c' && type !== 'b' && type !== 'p')
      throw new InvalidConfigError(`${field}.type: unknown device type "${d.type}"`);
    if (type !== 'p' && (d.major === undefined || d.minor === undefined)) {
      throw new InvalidConfigError(`${field}: major and minor are required for type "${d.type}"`);
    }
    byPath.set(d.path, {
      path: d.path,
      type,
      major: d.major ?? 0,
      minor: d.minor ?? 0,
      fileMode: d.fileMode ?? 0o666,
      uid: d.uid ?? 0,
      gid: d.gid ?? 0,
    });
  });
  return [...byPath.values()];
}
