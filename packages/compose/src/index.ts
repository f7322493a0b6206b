// @berth/compose: `berth compose` — multi-container applications from compose files, as a
// client of the engine's gRPC API.
export { runCompose, GLOBAL_FLAGS, type RunComposeOptions } from './cli/run-compose';
export type { ComposeIo } from './commands/command';
export { loadProject, type LoadOptions } from './load/load-project';
export type * from './model/types';
export { dependencyOrder } from './plan/order';
export { configHash } from './plan/config-hash';
export { containerConfig, type ContainerPlan } from './plan/container-config';
export * from './plan/labels';
export * from './plan/names';
export * from './errors';
