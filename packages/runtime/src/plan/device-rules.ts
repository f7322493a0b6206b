import type { LinuxDeviceCgroup, LinuxResources, Spec } from '../oci';
import { DEFAULT_DEVICE_RULES } from '../cgroups-adapter';

/**
 * The resources to apply at create: the config's device rules, then (as runc does) access to
 * the default devices and mknod, then rwm for each device config.json asks to create.
 */
export function resourcesWithDeviceRules(spec: Spec): LinuxResources {
  const resources = spec.linux?.resources ?? {};
  const created = (spec.linux?.devices ?? [])
    .filter((d) => d.type === 'c' || d.type === 'b' || d.type === 'u')
    .map((d) => ({
      allow: true,
      type: d.type === 'b' ? ('b' as const) : ('c' as const),
      major: d.major,
      minor: d.minor,
      access: 'rwm',
    }));
  const defaults = DEFAULT_DEVICE_RULES.map((rule) => ({ ...rule }) as LinuxDeviceCgroup);
  return { ...resources, devices: [...(resources.devices ?? []), ...defaults, ...created] };
}
