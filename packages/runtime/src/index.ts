// Public API of @berth/runtime: a runc-compatible OCI runtime as a library (the CLI in
// src/cli wraps it; the shim calls it in-process).
export { Runtime, type RuntimeOptions } from './runtime';
export type { CreateOptions, CreatedContainer } from './lifecycle/create';
export type { ExecOptions, ExecProcess } from './lifecycle/exec';
export type { RunOptions } from './lifecycle/run';
export type { StdioTarget } from './helper/helper-session';
export type { StateOutput } from './state/status';
export type { ContainerStatus } from './state/container-record';
export { DEFAULT_ROOT } from './state/state-store';
export { parseSignal } from './lifecycle/signals';
export { runtimeFeatures as features } from './lifecycle/features';
export { defaultSpec, rootlessSpec } from './lifecycle/default-spec';
export * from './errors';
