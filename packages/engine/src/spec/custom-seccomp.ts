// A seccomp profile given with --security-opt seccomp=<file>: plain OCI, or docker's profile
// format whose rules may carry includes/excludes (capabilities, architectures, minimum
// kernel) and whose architectures may come as an archMap. Those are resolved here for one
// container, the way docker resolves them, so the runtime receives plain OCI.
import type { Capability, LinuxSeccomp, LinuxSyscall, SeccompArch } from '@berth/oci';
import { InvalidOptionError } from '../errors';

interface Filter {
  caps?: string[];
  arches?: string[];
  minKernel?: string;
}

/** Node's process.arch to the arch names docker profiles use in includes/excludes. */
const DOCKER_ARCH: Partial<Record<NodeJS.Architecture, string>> = {
  x64: 'amd64',
  ia32: '386',
  arm64: 'arm64',
  arm: 'arm',
  ppc64: 'ppc64le',
  s390x: 's390x',
  riscv64: 'riscv64',
  loong64: 'loong64',
};

export interface HostFacts {
  arch: NodeJS.Architecture;
  /** Kernel release, "6.1.0-13-amd64". */
  kernel: string;
  /** Capabilities the engine (and so the runtime) may grant; all known ones when omitted. */
  capabilities?: readonly Capability[];
}

function kernelAtLeast(release: string, minimum: string): boolean {
  const parse = (text: string) => (/^(\d+)\.(\d+)/.exec(text) ?? ['', '0', '0']).slice(1).map(Number);
  const [major, minor] = parse(release);
  const [wantMajor, wantMinor] = parse(minimum);
  return major > wantMajor || (major === wantMajor && minor >= wantMinor);
}

function matches(filter: Filter, caps: ReadonlySet<string>, host: HostFacts, all: boolean): boolean {
  const arch = DOCKER_ARCH[host.arch] ?? host.arch;
  const checks: boolean[] = [];
  if (filter.caps?.length)
    checks.push(all ? filter.caps.every((c) => caps.has(c)) : filter.caps.some((c) => caps.has(c)));
  if (filter.arches?.length) checks.push(filter.arches.includes(arch));
  if (filter.minKernel) checks.push(kernelAtLeast(host.kernel, filter.minKernel));
  return all ? checks.every(Boolean) : checks.some(Boolean);
}

export function resolveCustomSeccomp(
  raw: Record<string, unknown>,
  capabilities: readonly Capability[],
  host: HostFacts,
): LinuxSeccomp {
  const caps = new Set<string>(capabilities);
  const { archMap, syscalls, ...rest } = raw as { archMap?: unknown; syscalls?: unknown } & Record<
    string,
    unknown
  >;
  const profile = { ...rest } as unknown as LinuxSeccomp;
  if (!profile.architectures && Array.isArray(archMap)) {
    profile.architectures = (archMap as { architecture: string; subArchitectures?: string[] }[]).flatMap(
      (entry) => [entry.architecture, ...(entry.subArchitectures ?? [])],
    ) as SeccompArch[];
  }
  if (syscalls !== undefined && !Array.isArray(syscalls))
    throw new InvalidOptionError('security-opt', 'seccomp profile "syscalls" must be an array');
  profile.syscalls = (
    (syscalls ?? []) as (LinuxSyscall & { includes?: Filter; excludes?: Filter; comment?: string })[]
  )
    .filter((rule) => (rule.includes ? matches(rule.includes, caps, host, true) : true))
    .filter((rule) => (rule.excludes ? !matches(rule.excludes, caps, host, false) : true))
    .map(({ includes: _i, excludes: _e, comment: _c, ...rule }) => rule);
  return profile;
}
