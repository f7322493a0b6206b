// The host platform (builds run natively only) and BuildKit's automatic platform ARGs.

import { formatPlatform as ociFormatPlatform, hostPlatform as ociHostPlatform } from '@berth/oci';
import { InvalidBuildOptionError } from '../errors';

export interface HostPlatform {
  os: string;
  architecture: string;
  variant?: string;
}

/** The platform this process runs on (@berth/oci's rule, Node's arch in Go's names). */
export function hostPlatform(): HostPlatform {
  const { os, architecture, variant } = ociHostPlatform();
  return variant === undefined ? { os, architecture } : { os, architecture, variant };
}

export function formatPlatform(platform: HostPlatform): string {
  return ociFormatPlatform(platform);
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
