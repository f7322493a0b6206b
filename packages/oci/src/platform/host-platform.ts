import type { Platform } from '../image/descriptor';
import { normalizePlatform } from './normalize';

const NODE_OS: Readonly<Record<string, string>> = { win32: 'windows', sunos: 'solaris' };

const NODE_ARCH: Readonly<Record<string, string>> = {
  x64: 'amd64',
  ia32: '386',
  // Node on 64-bit POWER runs little-endian Linux only.
  ppc64: 'ppc64le',
  mipsel: 'mipsle',
};

/**
 * The platform for a Node `process.platform`/`process.arch` pair; `armVersion` is Node's
 * build-time ARM version (process.config.variables.arm_version) used as the arm variant.
 */
export function platformFromNode(
  nodePlatform: string,
  nodeArch: string,
  armVersion?: string | number,
): Platform {
  const architecture = NODE_ARCH[nodeArch] ?? nodeArch;
  const platform: Platform = { os: NODE_OS[nodePlatform] ?? nodePlatform, architecture };
  if (architecture === 'arm' && armVersion !== undefined && String(armVersion) !== '') {
    platform.variant = `v${String(armVersion)}`;
  }
  return normalizePlatform(platform);
}

/** The platform this process runs on: what images are pulled for by default. */
export function hostPlatform(): Platform {
  const variables = (process.config as { variables?: Record<string, unknown> }).variables ?? {};
  const armVersion = variables.arm_version;
  return platformFromNode(
    process.platform,
    process.arch,
    typeof armVersion === 'string' || typeof armVersion === 'number' ? armVersion : undefined,
  );
}
