import type { Check } from '../validation/check';
import { refine, rule } from '../validation/check';
import { memberPath } from '../validation/issues';
import { anyString, boolean, int64, matching, oneOf, quote, uint32 } from '../validation/primitives';
import { arrayOf, object, optional, recordOf, required } from '../validation/structures';
import {
  DEVICE_TYPES,
  MEMORY_POLICY_FLAGS,
  MEMORY_POLICY_MODES,
  NAMESPACE_TYPES,
  PERSONALITY_DOMAINS,
  ROOTFS_PROPAGATIONS,
  TIME_OFFSET_CLOCKS,
} from './constants';
import { cgroupsPath, cpuList, idMapping, safeAbsolutePath, sysctlKeyProblem } from './field-checks';
import type {
  Linux,
  LinuxDevice,
  LinuxIntelRdt,
  LinuxMemoryPolicy,
  LinuxNamespace,
  LinuxNetDevice,
  LinuxPersonality,
  LinuxTimeOffset,
} from './linux-types';
import { resourcesCheck } from './resources-checks';
import { seccompCheck } from './seccomp-checks';

const namespace = object<LinuxNamespace>({
  type: required(oneOf(NAMESPACE_TYPES, 'namespace')),
  path: optional(safeAbsolutePath),
});

const device = refine(
  object<LinuxDevice>({
    type: required(oneOf(DEVICE_TYPES, 'device type')),
    path: required(safeAbsolutePath),
    major: optional(int64),
    minor: optional(int64),
    fileMode: optional(uint32),
    uid: optional(uint32),
    gid: optional(uint32),
  }),
  (dev, path, issues) => {
    if (dev.type === 'p') return;
    if (dev.major === undefined)
      issues.add(memberPath(path, 'major'), `missing (required for device type ${quote(dev.type)})`);
    if (dev.minor === undefined)
      issues.add(memberPath(path, 'minor'), `missing (required for device type ${quote(dev.type)})`);
  },
);

const timeOffset = object<LinuxTimeOffset>({
  secs: optional(int64),
  nanosecs: optional(uint32),
});

const knownClocks: ReadonlySet<string> = new Set(TIME_OFFSET_CLOCKS);

// The kernel's dev_valid_name(): 1-15 bytes, not "." or "..", no '/', ':' or whitespace.
function interfaceNameProblem(name: string): string | undefined {
  const valid = /^[^/:\s]{1,15}$/.test(name) && name !== '.' && name !== '..';
  return valid ? undefined : `invalid network interface name ${quote(name)}`;
}

const interfaceName = rule(anyString, interfaceNameProblem);

const netDevice = object<LinuxNetDevice>({ name: optional(interfaceName) });

const intelRdt = object<LinuxIntelRdt>({
  closID: optional(matching(/^(?:\/|[^/\n]+)$/, 'a resctrl group name or "/"')),
  l3CacheSchema: optional(anyString),
  memBwSchema: optional(anyString),
  schemata: optional(arrayOf(matching(/^[^\n]*$/, 'a single line'))),
  enableMonitoring: optional(boolean),
  enableCMT: optional(boolean),
  enableMBM: optional(boolean),
});

const personality = object<LinuxPersonality>({
  domain: required(oneOf(PERSONALITY_DOMAINS, 'personality domain')),
  flags: optional(arrayOf(anyString)),
});

const memoryPolicy = object<LinuxMemoryPolicy>({
  mode: required(oneOf(MEMORY_POLICY_MODES, 'memory policy mode')),
  nodes: optional(cpuList),
  flags: optional(arrayOf(oneOf(MEMORY_POLICY_FLAGS, 'memory policy flag'))),
});

const pathList = arrayOf(safeAbsolutePath);

export const linuxCheck: Check<Linux> = object<Linux>({
  uidMappings: optional(arrayOf(idMapping)),
  gidMappings: optional(arrayOf(idMapping)),
  timeOffsets: optional(
    recordOf(timeOffset, (clock) => (knownClocks.has(clock) ? undefined : `unknown clock ${quote(clock)}`)),
  ),
  sysctl: optional(recordOf(anyString, sysctlKeyProblem)),
  resources: optional(resourcesCheck),
  cgroupsPath: optional(cgroupsPath),
  namespaces: optional(
    arrayOf(namespace, { uniqueBy: { member: 'type', key: (ns) => ns.type, label: 'namespace' } }),
  ),
  devices: optional(
    arrayOf(device, { uniqueBy: { member: 'path', key: (d) => d.path, label: 'device path' } }),
  ),
  netDevices: optional(recordOf(netDevice, interfaceNameProblem)),
  seccomp: optional(seccompCheck),
  rootfsPropagation: optional(oneOf(ROOTFS_PROPAGATIONS, 'rootfs propagation')),
  maskedPaths: optional(pathList),
  readonlyPaths: optional(pathList),
  mountLabel: optional(anyString),
  intelRdt: optional(intelRdt),
  personality: optional(personality),
  memoryPolicy: optional(memoryPolicy),
});
