// Public API of @berth/engine: the daemon, and the pure pieces other tools may reuse
// (config.json builder, option parsers, default seccomp profile).
export { startEngineDaemon, type EngineDaemon, type EngineDaemonOptions } from './daemon/engine-daemon';
export { main } from './daemon/main';
export { ENGINE_VERSION } from './daemon/version';
export {
  buildSpec,
  CGROUP_PARENT,
  INIT_PATH_IN_CONTAINER,
  type SpecInputs,
  type ResolvedMount,
} from './spec/build-spec';
export { DEFAULT_CAPABILITIES, resolveCapabilities } from './spec/capabilities';
export { defaultSeccompProfile } from './spec/seccomp';
export { MASKED_PATHS, READONLY_PATHS } from './spec/linux-defaults';
export { resolveUser } from './spec/user';
export { parsePortSpec, type PortMapping } from './options/ports';
export { parseBind, parseTmpfs, type MountRequest } from './options/mounts';
export { parseRestartPolicy, type RestartPolicy } from './options/restart-policy';
export { parseSignal } from './options/signals';
export { parseBytes } from './options/size';
export { parseUlimit } from './options/ulimits';
export { settingsFromProto } from './convert/create-request';
export type { ContainerSettings } from './state/container-settings';
export * from './errors';
