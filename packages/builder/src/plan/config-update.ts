// How each metadata instruction changes the image config (Cmd, Entrypoint, Env, WorkingDir, User,
// ExposedPorts, Volumes, Labels, StopSignal, Healthcheck, Shell, OnBuild) and the stage's
// variables, with docker's expansion rules: ENV/LABEL/EXPOSE/USER/VOLUME/WORKDIR/STOPSIGNAL are
// expanded, CMD/ENTRYPOINT/HEALTHCHECK/SHELL/ONBUILD are not.

import { posix } from 'node:path';
import type { ContainerConfig, HealthConfig } from '@berth/oci';
import type { CommandForm, Instruction } from '../dockerfile/instructions';
import { envSet, type Variables } from './variables';

export const DEFAULT_SHELL = ['/bin/sh', '-c'];
export const DEFAULT_PATH = 'PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

export class ConfigUpdateError extends Error {}

export interface StageConfig {
  config: ContainerConfig;
  author?: string;
  vars: Variables;
  /** Whether CMD was set in this stage (ENTRYPOINT then keeps it). */
  cmdSetHere: boolean;
}

export function shellArgs(config: ContainerConfig, command: CommandForm): string[] {
  return command.form === 'exec' ? command.args : [...(config.Shell ?? DEFAULT_SHELL), command.command];
}

/** Applies a metadata instruction; returns undefined for instructions that touch the filesystem. */
export function applyMetadata(instruction: Instruction, state: StageConfig): StageConfig | undefined {
  const { vars } = state;
  const config: ContainerConfig = { ...state.config };
  switch (instruction.kind) {
    case 'ENV': {
      let env = config.Env ?? [];
      for (const [key, value] of instruction.pairs.map(([k, v]) => [vars.word(k), vars.word(v)] as const)) {
        if (key === '') throw new ConfigUpdateError('ENV names can not be blank');
        env = envSet(env, key, value);
      }
      config.Env = env;
      return { ...state, config, vars: vars.withEnv(env) };
    }
    case 'ARG': {
      let next = vars;
      for (const arg of instruction.args) next = next.declare(arg.name, arg.defaultValue);
      return { ...state, vars: next };
    }
    case 'LABEL': {
      const labels = { ...config.Labels };
      for (const [key, value] of instruction.pairs) {
        const name = vars.word(key);
        if (name === '') throw new ConfigUpdateError('LABEL names can not be blank');
        labels[name] = vars.word(value);
      }
      config.Labels = labels;
      return { ...state, config };
    }
    case 'MAINTAINER':
      config.Labels = { ...config.Labels, maintainer: instruction.value };
      return { ...state, config, author: instruction.value };
    case 'EXPOSE': {
      const ports = { ...config.ExposedPorts };
      for (const word of instruction.values.flatMap((value) => vars.words(value))) {
        for (const port of exposedPorts(word)) ports[port] = {};
      }
      config.ExposedPorts = ports;
      return { ...state, config };
    }
    case 'USER':
      config.User = vars.word(instruction.value);
      if (config.User === '') throw new ConfigUpdateError('USER requires a user name or id');
      return { ...state, config };
    case 'VOLUME': {
      const volumes = { ...config.Volumes };
      for (const path of instruction.values.flatMap((value) => vars.words(value))) volumes[path] = {};
      config.Volumes = volumes;
      return { ...state, config };
    }
    case 'WORKDIR':
      config.WorkingDir = workingDir(config.WorkingDir, vars.word(instruction.value));
      return { ...state, config };
    case 'STOPSIGNAL': {
      const signal = vars.word(instruction.value);
      if (!/^(SIG)?[A-Z][A-Z0-9+-]*$|^[0-9]+$/.test(signal))
        throw new ConfigUpdateError(`Invalid signal: ${signal}`);
      config.StopSignal = signal;
      return { ...state, config };
    }
    case 'CMD':
      config.Cmd = shellArgs(config, instruction.command);
      return { ...state, config, cmdSetHere: true };
    case 'ENTRYPOINT':
      config.Entrypoint = shellArgs(config, instruction.command);
      if (!state.cmdSetHere) delete config.Cmd;
      return { ...state, config };
    case 'HEALTHCHECK':
      config.Healthcheck = healthConfig(instruction);
      return { ...state, config };
    case 'SHELL':
      config.Shell = instruction.shell;
      return { ...state, config };
    case 'ONBUILD':
      config.OnBuild = [...(config.OnBuild ?? []), instruction.trigger];
      return { ...state, config };
    default:
      return undefined;
  }
}

/** WORKDIR is relative to the previous one; the result is always absolute and clean. */
export function workingDir(previous: string | undefined, value: string): string {
  if (value === '') throw new ConfigUpdateError('WORKDIR requires a path');
  return posix.resolve('/', previous ?? '/', value);
}

function exposedPorts(spec: string): string[] {
  const match = /^(\d+)(?:-(\d+))?(?:\/(tcp|udp|sctp))?$/i.exec(spec);
  const first = Number(match?.[1]);
  const last = match?.[2] === undefined ? first : Number(match[2]);
  if (match === null || first < 1 || last > 65535 || last < first) {
    throw new ConfigUpdateError(`invalid containerPort: ${spec}`);
  }
  const proto = (match[3] ?? 'tcp').toLowerCase();
  const ports: string[] = [];
  for (let port = first; port <= last; port++) ports.push(`${port}/${proto}`);
  return ports;
}

function healthConfig(instruction: Extract<Instruction, { kind: 'HEALTHCHECK' }>): HealthConfig {
  if (instruction.test === undefined) return { Test: ['NONE'] };
  const test =
    instruction.test.form === 'exec'
      ? ['CMD', ...instruction.test.args]
      : ['CMD-SHELL', instruction.test.command];
  const health: HealthConfig = { Test: test };
  if (instruction.intervalNs !== undefined) health.Interval = instruction.intervalNs;
  if (instruction.timeoutNs !== undefined) health.Timeout = instruction.timeoutNs;
  if (instruction.startPeriodNs !== undefined) health.StartPeriod = instruction.startPeriodNs;
  if (instruction.startIntervalNs !== undefined) health.StartInterval = instruction.startIntervalNs;
  if (instruction.retries !== undefined) health.Retries = instruction.retries;
  return health;
}
