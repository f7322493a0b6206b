// Builds a container's OCI config.json from its settings, its image's config and the host
// paths the engine prepared (rootfs, /etc files, volumes, network namespace, init binary).
import type { ContainerConfig, LinuxDevice, Mount, Spec } from '@berth/oci';
import type { MountRequest } from '../options/mounts';
import { parseSecurityOptions } from '../options/security-opt';
import { toRlimit } from '../options/ulimits';
import type { ContainerSettings } from '../state/container-settings';
import { capabilitySets, resolveCapabilities } from './capabilities';
import { resolveCommand } from './command';
import { resolveCustomSeccomp, type HostFacts } from './custom-seccomp';
import { mergeEnv } from './env';
import { DEFAULT_SHM_SIZE, defaultMounts, deviceRules, MASKED_PATHS, READONLY_PATHS } from './linux-defaults';
import { toLinuxResources } from './resources';
import { defaultSeccompProfile } from './seccomp';
import { checkSysctls } from './sysctls';
import { resolveUser } from './user';

export const OCI_VERSION = '1.1.0';
/** Where --init's binary appears in the container. */
export const INIT_PATH_IN_CONTAINER = '/sbin/berth-init';
/** Cgroup parent of every container: /sys/fs/cgroup/berth/<id>. */
export const CGROUP_PARENT = 'berth';

/** A mount whose host side the engine has resolved (volume directory, bind path). */
export interface ResolvedMount {
  request: MountRequest;
  /** Host path for binds and volumes; unused for tmpfs. */
  hostPath: string;
}

export interface SpecInputs {
  id: string;
  settings: ContainerSettings;
  /** The image's execution config (Env, Entrypoint, Cmd, User, WorkingDir, StopSignal...). */
  imageConfig: ContainerConfig;
  /** Contents of the image's /etc/passwd and /etc/group, when it has them. */
  passwd?: string;
  group?: string;
  /** The bundle's rootfs directory (where the shim mounts the snapshot). */
  rootfs: string;
  /** Host files bind-mounted over /etc/hosts, /etc/hostname, /etc/resolv.conf; omitted ones are left alone. */
  etcFiles: { hosts?: string; hostname?: string; resolvConf?: string };
  mounts: ResolvedMount[];
  /** Network namespace to join: a path, 'host' for the host's, or undefined for a new empty one. */
  netns?: string;
  /** Host path of the static init binary used by --init. */
  initBinary?: string;
  /** Device nodes to create (the host's, for --privileged). */
  devices?: LinuxDevice[];
  host: HostFacts;
}

function toOciMount(mount: ResolvedMount): Mount {
  const { request } = mount;
  if (request.kind === 'tmpfs') {
    const options = ['nosuid', 'nodev', 'noexec', ...(request.tmpfsOptions ?? [])];
    if (request.tmpfsSize) options.push(`size=${request.tmpfsSize}`);
    options.push(`mode=${(request.tmpfsMode || 0o1777).toString(8)}`);
    if (request.readOnly) options.push('ro');
    return { destination: request.target, type: 'tmpfs', source: 'tmpfs', options: dedupeOptions(options) };
  }
  return {
    destination: request.target,
    type: 'bind',
    source: mount.hostPath,
    options: ['rbind', request.readOnly ? 'ro' : 'rw', request.propagation ?? 'rprivate'],
  };
}

// A later option replaces an earlier one of the same key (noexec given twice, exec after noexec).
function dedupeOptions(options: string[]): string[] {
  const key = (option: string) => option.replace(/^no(?=(exec|suid|dev|atime|diratime)$)/, '').split('=')[0];
  const last = new Map<string, string>();
  for (const option of options) last.set(key(option), option);
  return [...last.values()];
}

const bind = (destination: string, source: string, readOnly: boolean): Mount => ({
  destination,
  type: 'bind',
  source,
  options: ['rbind', 'rprivate', readOnly ? 'ro' : 'rw'],
});

// Parents before children, so a mount at /a/b is not hidden by one at /a; stable otherwise.
function byDepth(a: Mount, b: Mount): number {
  return a.destination.split('/').length - b.destination.split('/').length;
}

function assembleMounts(inputs: SpecInputs): Mount[] {
  const { settings } = inputs;
  const userMounts = inputs.mounts.map(toOciMount);
  if (inputs.initBinary) userMounts.push(bind(INIT_PATH_IN_CONTAINER, inputs.initBinary, true));
  const etc: Mount[] = [];
  const { hosts, hostname, resolvConf } = inputs.etcFiles;
  if (resolvConf) etc.push(bind('/etc/resolv.conf', resolvConf, settings.readOnlyRootfs));
  if (hostname) etc.push(bind('/etc/hostname', hostname, settings.readOnlyRootfs));
  if (hosts) etc.push(bind('/etc/hosts', hosts, settings.readOnlyRootfs));
  // A user mount on a default's path (a tmpfs on /dev/shm, a bind on /etc/hosts) replaces it.
  const taken = new Set(userMounts.map((m) => m.destination));
  const shmSize = DEFAULT_SHM_SIZE;
  const defaults = [...defaultMounts({ privileged: settings.privileged, shmSize }), ...etc].filter(
    (m) => !taken.has(m.destination),
  );
  return [...defaults, ...userMounts.sort(byDepth)];
}

function namespaces(inputs: SpecInputs) {
  const list: NonNullable<NonNullable<Spec['linux']>['namespaces']> = [
    { type: 'pid' },
    { type: 'ipc' },
    { type: 'uts' },
    { type: 'mount' },
    { type: 'cgroup' },
  ];
  if (inputs.netns === undefined) list.push({ type: 'network' });
  else if (inputs.netns !== 'host') list.push({ type: 'network', path: inputs.netns });
  return list;
}

export function buildSpec(inputs: SpecInputs): Spec {
  const { settings, imageConfig, id } = inputs;
  const security = parseSecurityOptions(settings.securityOpt);
  const caps = resolveCapabilities(settings, inputs.host.capabilities);
  const { user, home } = resolveUser(settings.user || imageConfig.User || '', inputs.passwd, inputs.group);
  const hostname = settings.hostname || id.slice(0, 12);
  const argv = resolveCommand(settings, imageConfig);
  const env = mergeEnv([imageConfig.Env ?? [], settings.env], {
    HOSTNAME: hostname,
    ...(settings.tty ? { TERM: 'xterm' } : {}),
    HOME: home,
  });
  checkSysctls(settings.sysctls, inputs.netns === 'host');

  const spec: Spec = {
    ociVersion: OCI_VERSION,
    process: {
      terminal: settings.tty,
      user,
      args: settings.init ? [INIT_PATH_IN_CONTAINER, '--', ...argv] : argv,
      env,
      cwd: settings.workingDir || imageConfig.WorkingDir || '/',
      capabilities: capabilitySets(caps),
      noNewPrivileges: security.noNewPrivileges,
      oomScoreAdj: 0,
    },
    root: { path: inputs.rootfs, readonly: settings.readOnlyRootfs },
    hostname,
    mounts: assembleMounts(inputs),
    annotations: { 'org.berth.container.id': id },
    linux: {
      namespaces: namespaces(inputs),
      cgroupsPath: `/${CGROUP_PARENT}/${id}`,
      resources: { ...toLinuxResources(settings.resources), devices: deviceRules(settings.privileged) },
      sysctl: { ...settings.sysctls },
    },
  };
  if (settings.domainname) spec.domainname = settings.domainname;
  if (inputs.devices && inputs.devices.length > 0) spec.linux!.devices = inputs.devices;
  if (settings.ulimits.length > 0) spec.process!.rlimits = settings.ulimits.map(toRlimit);
  if (!settings.privileged) {
    spec.linux!.maskedPaths = [...MASKED_PATHS];
    spec.linux!.readonlyPaths = [...READONLY_PATHS];
    if (security.seccomp.kind === 'default')
      spec.linux!.seccomp = defaultSeccompProfile(caps, inputs.host.arch);
  }
  // An explicit profile applies even to privileged containers, as with docker.
  if (security.seccomp.kind === 'profile')
    spec.linux!.seccomp = resolveCustomSeccomp(security.seccomp.profile, caps, inputs.host);
  return spec;
}
