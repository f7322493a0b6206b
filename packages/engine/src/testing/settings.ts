// Test helper: container settings with docker's defaults, overridable per test.
import { NO_RESTART } from '../options/restart-policy';
import { NO_RESOURCE_LIMITS } from '../spec/resources';
import type { ContainerSettings } from '../state/container-settings';

export function settingsWith(overrides: Partial<ContainerSettings> = {}): ContainerSettings {
  return {
    image: 'busybox',
    cmd: [],
    entrypoint: [],
    entrypointSet: false,
    env: [],
    workingDir: '',
    user: '',
    hostname: '',
    domainname: '',
    labels: {},
    tty: false,
    openStdin: false,
    stdinOnce: false,
    stopSignal: '',
    exposedPorts: [],
    portBindings: [],
    publishAllPorts: false,
    mounts: [],
    networkMode: 'bridge',
    networks: [],
    restartPolicy: NO_RESTART,
    resources: { ...NO_RESOURCE_LIMITS },
    ulimits: [],
    capAdd: [],
    capDrop: [],
    privileged: false,
    readOnlyRootfs: false,
    securityOpt: [],
    init: false,
    autoRemove: false,
    extraHosts: [],
    dns: [],
    dnsSearch: [],
    dnsOptions: [],
    sysctls: {},
    ...overrides,
  };
}
