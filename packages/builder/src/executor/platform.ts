// The host platform (builds run natively only) and BuildKit's automatic platform ARGs.

import { InvalidBuildOptionError } from '../errors';

export interface HostPlatform {
  os: string;
  architecture: string;
  variant?: string;
}

const GOARCH: Record<string, string> = {
  x64: 'amd64',
  arm64: 'arm64',
  arm: 'arm',
  ia32: '386',
  ppc64: 'ppc64le',
  s390x: 's390x',
  riscv64: 'riscv64',
};

export function hostPlatform(): HostPlatform {
  const architecture = GOARCH[process.arch] ?? process.arch;
  return architecture === 'arm'
    ? { os: 'linux', architecture, variant: 'v7' }
    : { os: 'linux', architecture };
}

export function formatPlatform(platform: HostPlatform): string {
  return [platform.os, platform.architecture, platform.variant]
    .filter((part) => part !== undefined)
    .join('/');
}

/** Accepts `--platform` / `FROM --platform` values naming the host platform only. */
export function checkPlatform(requested: string | undefined, host: HostPlatform, what: string): void {
  if (requested === undefined || requested === '') return;
  const [os, architecture, variant] = requested.toLowerCase().split('/');
  const matches =
    os === host.os &&
    (architecture === undefined || architecture === host.architecture) &&
    (variant === undefined || variant === host.variant);
  if (!matches) {
    throw new InvalidBuildOptionError(
      what,
      `platform ${requested} is not supported: builds run on the host platform ${formatPlatform(host)} only`,
    );
  }
}

export function platformArgs(host: HostPlatform): Record<string, string> {
  const platform = formatPlatform(host);
  const args: Record<string, string> = {};
  for (const prefix of ['TARGET', 'BUILD']) {
    args[`${prefix}PLATFORM`] = platform;
    args[`${prefix}OS`] = host.os;
    args[`${prefix}ARCH`] = host.architecture;
    args[`${prefix}VARIANT`] = host.variant ?? '';
  }
  return args;
}
