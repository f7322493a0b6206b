// The runtime-spec `linux.resources` shapes the cgroup manager consumes, from @berth/oci, under the
// names this module uses.
export type {
  LinuxBlockIo as LinuxBlockIO,
  LinuxCpu,
  LinuxDeviceCgroup,
  LinuxHugepageLimit,
  LinuxMemory,
  LinuxNetwork,
  LinuxPids,
  LinuxRdma,
  LinuxResources,
  LinuxThrottleDevice,
  LinuxWeightDevice,
} from '@berth/oci';
