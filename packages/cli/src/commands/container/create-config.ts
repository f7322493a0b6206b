import { engine } from '@berth/api';
import { readEnvFile, parseKeyValues, resolveEnvEntry } from '../../args/env';
import { parseUlimit } from '../../args/limits';
import { parseMount } from '../../args/mount';
import type { ParsedFlags } from '../../args/parsed-flags';
import { parsePublish } from '../../args/ports';
import { parseInteger } from '../../args/sizes';
import { InvalidArgumentError } from '../../errors';
import { healthConfigFromFlags } from './health-flags';
import { resourcesFromFlags, restartPolicyFromFlags } from './resource-flags';

type ContainerConfig = engine.v1.ContainerConfig;

const BUILTIN_NETWORKS = new Set(['bridge', 'host', 'none', 'default']);
const MOUNT_TYPES = {
  bind: engine.v1.MountType.MOUNT_TYPE_BIND,
  volume: engine.v1.MountType.MOUNT_TYPE_VOLUME,
  tmpfs: engine.v1.MountType.MOUNT_TYPE_TMPFS,
};

/**
 * Turns `run`/`create` flags, the image and the command into the engine's CreateContainerRequest.
 * `-v` and `--tmpfs` go raw (the engine parses docker's syntax); everything else is checked here
 * so a typo fails before anything is created.
 */
export function buildCreateRequest(
  flags: ParsedFlags,
  image: string,
  command: string[],
  env: NodeJS.ProcessEnv,
): engine.v1.CreateContainerRequest {
  const optional = <T>(name: string, parse: (value: string) => T): T | undefined => {
    const value = flags.string(name);
    return value === undefined ? undefined : parse(value);
  };

  const config: Partial<ContainerConfig> = {
    image,
    cmd: command,
    env: [
      ...flags.list('env-file').flatMap((path) => readEnvFile(path, env)),
      ...flags.list('env').map((entry) => resolveEnvEntry(entry, env)),
    ],
    workingDir: flags.string('workdir') ?? '',
    user: flags.string('user') ?? '',
    hostname: flags.string('hostname') ?? '',
    domainname: flags.string('domainname') ?? '',
    labels: parseKeyValues(flags.list('label'), '--label'),
    tty: flags.boolean('tty'),
    openStdin: flags.boolean('interactive'),
    stopSignal: flags.string('stop-signal') ?? '',
    stopTimeout: optional('stop-timeout', (value) => parseInteger(value, '--stop-timeout')),
    exposedPorts: flags.list('expose').map((port) => (port.includes('/') ? port : `${port}/tcp`)),
    portBindings: flags.list('publish').flatMap(parsePublish),
    publishAllPorts: flags.boolean('publish-all'),
    mounts: flags.list('mount').map((value) => {
      const mount = parseMount(value);
      return engine.v1.MountSpec.fromPartial({ ...mount, type: MOUNT_TYPES[mount.type] });
    }),
    binds: flags.list('volume'),
    tmpfs: flags.list('tmpfs'),
    capAdd: flags.list('cap-add'),
    capDrop: flags.list('cap-drop'),
    privileged: flags.boolean('privileged'),
    readOnlyRootfs: flags.boolean('read-only'),
    securityOpt: flags.list('security-opt'),
    init: flags.boolean('init'),
    autoRemove: flags.boolean('rm'),
    extraHosts: flags.list('add-host'),
    dns: flags.list('dns'),
    dnsSearch: flags.list('dns-search'),
    dnsOptions: flags.list('dns-option'),
    sysctls: parseKeyValues(flags.list('sysctl'), '--sysctl'),
    pull:
      optional('pull', (value) => {
        if (!['always', 'missing', 'never'].includes(value)) {
          throw new InvalidArgumentError(`invalid --pull "${value}": expected always, missing or never`);
        }
        return value;
      }) ?? '',
    platform: flags.string('platform') ?? '',
    resources: { ...resourcesFromFlags(flags), ulimits: flags.list('ulimit').map(parseUlimit) },
  };

  const entrypoint = flags.string('entrypoint');
  if (entrypoint !== undefined) {
    // docker's --entrypoint is one word; "" clears the image's entrypoint.
    config.entrypoint = entrypoint === '' ? [] : [entrypoint];
    config.entrypointSet = true;
  }

  const restartPolicy = restartPolicyFromFlags(flags);
  if (restartPolicy) {
    if (restartPolicy.name !== engine.v1.RestartPolicyName.RESTART_POLICY_NAME_NO && flags.boolean('rm')) {
      throw new InvalidArgumentError('conflicting options: cannot specify both --restart and --rm');
    }
    config.restartPolicy = restartPolicy;
  }

  const healthcheck = healthConfigFromFlags(flags);
  if (healthcheck) config.healthcheck = healthcheck;

  applyNetwork(config, flags);
  return engine.v1.CreateContainerRequest.fromPartial({ name: flags.string('name') ?? '', config });
}

function applyNetwork(config: Partial<ContainerConfig>, flags: ParsedFlags): void {
  const network = flags.string('network') ?? '';
  const aliases = flags.list('network-alias');
  const ip = flags.string('ip') ?? '';
  config.networkMode = network;
  const userNetwork = network !== '' && !BUILTIN_NETWORKS.has(network) && !network.startsWith('container:');
  if ((aliases.length || ip) && !userNetwork) {
    throw new InvalidArgumentError(
      `${aliases.length ? 'network-scoped aliases are' : 'a fixed --ip is'} supported only for containers in user defined networks`,
    );
  }
  if (userNetwork) config.networks = [{ network, aliases, ipv4Address: ip }];
}
