import type { Platform } from '../image/descriptor';

/** Architecture and variant in GOARCH terms, the names OCI images use. */
export interface ArchVariant {
  readonly architecture: string;
  readonly variant?: string;
}

const ARCH_ALIASES: Readonly<Record<string, string>> = {
  i386: '386',
  i486: '386',
  i586: '386',
  i686: '386',
  x86: '386',
  x86_64: 'amd64',
  'x86-64': 'amd64',
  x64: 'amd64',
  aarch64: 'arm64',
  armhf: 'arm',
  armel: 'arm',
  armv5l: 'arm',
  armv6l: 'arm',
  armv7l: 'arm',
  ppc64el: 'ppc64le',
  powerpc64le: 'ppc64le',
  loongarch64: 'loong64',
  mipsel: 'mipsle',
  mips64el: 'mips64le',
};

/** Variants implied by Debian-style and uname-style architecture names. */
const IMPLIED_VARIANT: Readonly<Record<string, string>> = {
  armhf: 'v7',
  armel: 'v6',
  armv5l: 'v5',
  armv6l: 'v6',
  armv7l: 'v7',
};

const OS_ALIASES: Readonly<Record<string, string>> = { macos: 'darwin', win32: 'windows', sunos: 'solaris' };

function normalizeArmVariant(variant: string): string {
  if (variant === '') return 'v7';
  return /^\d+$/.test(variant) ? `v${variant}` : variant;
}

function normalizeArm64Variant(variant: string): string {
  if (variant === '') return 'v8';
  const match = /^v?(\d+)(?:\.(\d+))?$/.exec(variant);
  if (match === null) return variant;
  const minor = match[2] === undefined || match[2] === '0' ? '' : `.${match[2]}`;
  return `v${match[1]}${minor}`;
}

function normalizeAmd64Variant(variant: string): string {
  // v1 is the baseline: images and hosts leave it out.
  if (variant === 'v1' || variant === '1') return '';
  return /^\d$/.test(variant) ? `v${variant}` : variant;
}

/**
 * Maps the many spellings of an architecture to GOARCH names with canonical variants:
 * aarch64 -> arm64/v8, x86_64 -> amd64 (v1 dropped), armhf -> arm/v7, arm -> arm/v7, i686 -> 386.
 */
export function normalizeArch(architecture: string, variant = ''): ArchVariant {
  const lower = architecture.toLowerCase();
  const arch = ARCH_ALIASES[lower] ?? lower;
  let normalized = (variant === '' ? (IMPLIED_VARIANT[lower] ?? '') : variant).toLowerCase();
  if (arch === 'arm') normalized = normalizeArmVariant(normalized);
  else if (arch === 'arm64') normalized = normalizeArm64Variant(normalized);
  else if (arch === 'amd64') normalized = normalizeAmd64Variant(normalized);
  else if (arch === '386') normalized = '';
  return normalized === '' ? { architecture: arch } : { architecture: arch, variant: normalized };
}

export function normalizeOs(os: string): string {
  const lower = os.toLowerCase();
  return OS_ALIASES[lower] ?? lower;
}

/** A copy of the platform with OS, architecture and variant in canonical form. */
export function normalizePlatform(platform: Platform): Platform {
  const { architecture, variant } = normalizeArch(platform.architecture, platform.variant ?? '');
  const result: Platform = { ...platform, os: normalizeOs(platform.os), architecture };
  if (variant === undefined) delete result.variant;
  else result.variant = variant;
  return result;
}
