// What `features` (runtime-spec features.md, linux.cgroup) reports about cgroup support: both
// versions through cgroupfs, rdma, and not the systemd driver (see systemd.ts).
export interface CgroupFeatures {
  v1: boolean;
  v2: boolean;
  systemd: boolean;
  systemdUser: boolean;
  rdma: boolean;
}

export function cgroupFeatures(): CgroupFeatures {
  return { v1: true, v2: true, systemd: false, systemdUser: false, rdma: true };
}
