// Public surface of the runtime's cgroup support (see ../../README-cgroups.md).
export { createCgroupManager, type CgroupManagerOptions } from './create';
export { CgroupManager, type CgroupManagerParts } from './manager';
export type { LoadOptions } from './load';
export {
  detectCgroupLayout,
  type CgroupHierarchy,
  type CgroupLayout,
  type CgroupLayoutKind,
  type DetectOptions,
  type UnifiedHierarchy,
} from './layout';
export { cleanCgroupPath, containerCgroupPath } from './cgroups-path';
export { parseSystemdCgroupPath, systemdIsRunning, type SystemdCgroupPath } from './systemd';
export type { FreezerState } from './freezer';
export type * from './stats';
export type * from './spec-types';
export { DEFAULT_DEVICE_RULES } from './device-rules';
export { compileDeviceFilter, DEVICE_PROGRAM_LICENSE, type DeviceProgram } from './v2/device-filter';
export type { DeviceProgramLoader } from './v2/devices';
export { cpuSharesToWeight, blkioWeightToIoWeight, memorySwapToV2 } from './v2/convert';
export { watchOom } from './oom';
export { layoutBeingPrimed, primeCgroupMigration } from './prime';
export { cgroupFeatures, type CgroupFeatures } from './features';
export {
  CgroupError,
  CgroupInvalidArgumentError,
  CgroupIoError,
  CgroupNotFoundError,
  CgroupUnsupportedError,
} from './errors';
