/** The runtime-spec types and parser this package uses, in one place (from @berth/oci). */
export type {
  Capability,
  Features,
  Hook,
  LinuxDeviceCgroup,
  LinuxResources,
  LinuxSeccomp,
  Mount,
  Process,
  Scheduler,
  Spec,
  State,
} from '@berth/oci';
export { CAPABILITIES, OCI_RUNTIME_SPEC_VERSION, OciValidationError, parseSpec } from '@berth/oci';
