import type { Check } from '../validation/check';
import { runCheck } from '../validation/check';
import { annotations } from '../validation/common-checks';
import { anyString, boolean } from '../validation/primitives';
import { arrayOf, object, optional, required } from '../validation/structures';
import { semverString } from './version';

/**
 * What a runtime supports, as `runtime features` prints it (features.md, features-linux.md).
 * Absent booleans mean "unknown", not "unsupported".
 */
export interface Features {
  ociVersionMin: string;
  ociVersionMax: string;
  hooks?: string[];
  mountOptions?: string[];
  linux?: LinuxFeatures;
  annotations?: Record<string, string>;
  potentiallyUnsafeConfigAnnotations?: string[];
}

export interface EnabledFeature {
  enabled?: boolean;
}

export interface LinuxFeatures {
  namespaces?: string[];
  capabilities?: string[];
  cgroup?: {
    v1?: boolean;
    v2?: boolean;
    systemd?: boolean;
    systemdUser?: boolean;
    rdma?: boolean;
  };
  seccomp?: {
    enabled?: boolean;
    actions?: string[];
    operators?: string[];
    archs?: string[];
    knownFlags?: string[];
    supportedFlags?: string[];
  };
  apparmor?: EnabledFeature;
  selinux?: EnabledFeature;
  intelRdt?: EnabledFeature & { schemata?: boolean; monitoring?: boolean };
  memoryPolicy?: { modes?: string[]; flags?: string[] };
  mountExtensions?: { idmap?: EnabledFeature };
  netDevices?: EnabledFeature;
}

const names = arrayOf(anyString);
const enabled = object<EnabledFeature>({ enabled: optional(boolean) });

const linuxFeatures = object<LinuxFeatures>({
  namespaces: optional(names),
  capabilities: optional(names),
  cgroup: optional(
    object<NonNullable<LinuxFeatures['cgroup']>>({
      v1: optional(boolean),
      v2: optional(boolean),
      systemd: optional(boolean),
      systemdUser: optional(boolean),
      rdma: optional(boolean),
    }),
  ),
  seccomp: optional(
    object<NonNullable<LinuxFeatures['seccomp']>>({
      enabled: optional(boolean),
      actions: optional(names),
      operators: optional(names),
      archs: optional(names),
      knownFlags: optional(names),
      supportedFlags: optional(names),
    }),
  ),
  apparmor: optional(enabled),
  selinux: optional(enabled),
  intelRdt: optional(
    object<NonNullable<LinuxFeatures['intelRdt']>>({
      enabled: optional(boolean),
      schemata: optional(boolean),
      monitoring: optional(boolean),
    }),
  ),
  memoryPolicy: optional(
    object<NonNullable<LinuxFeatures['memoryPolicy']>>({ modes: optional(names), flags: optional(names) }),
  ),
  mountExtensions: optional(
    object<NonNullable<LinuxFeatures['mountExtensions']>>({ idmap: optional(enabled) }),
  ),
  netDevices: optional(enabled),
});

export const featuresCheck: Check<Features> = object<Features>({
  ociVersionMin: required(semverString),
  ociVersionMax: required(semverString),
  hooks: optional(names),
  mountOptions: optional(names),
  linux: optional(linuxFeatures),
  annotations: optional(annotations),
  potentiallyUnsafeConfigAnnotations: optional(names),
});

/** Validates a features document (e.g. `runc features` output). */
export function parseFeatures(json: unknown): Features {
  return runCheck(featuresCheck, json);
}
