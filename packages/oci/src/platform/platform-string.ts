import { InvalidPlatformError } from '../errors';
import type { Platform } from '../image/descriptor';
import { hostPlatform } from './host-platform';
import { normalizeArch, normalizeOs, normalizePlatform } from './normalize';

const KNOWN_OS: ReadonlySet<string> = new Set([
  'aix',
  'android',
  'darwin',
  'dragonfly',
  'freebsd',
  'illumos',
  'ios',
  'js',
  'linux',
  'netbsd',
  'openbsd',
  'plan9',
  'solaris',
  'wasip1',
  'windows',
]);

const KNOWN_ARCH: ReadonlySet<string> = new Set([
  '386',
  'amd64',
  'arm',
  'arm64',
  'loong64',
  'mips',
  'mipsle',
  'mips64',
  'mips64le',
  'ppc64',
  'ppc64le',
  'riscv64',
  's390x',
  'wasm',
]);

const COMPONENT = /^[a-z0-9_.-]+$/;
// `windows(10.0.17763)`: an OS with its os.version, as containerd writes it.
const OS_WITH_VERSION = /^([a-z0-9_-]+)(?:\(([^()]+)\))?$/;

function parseOs(input: string, part: string): Pick<Platform, 'os' | 'os.version'> {
  const match = OS_WITH_VERSION.exec(part);
  if (match === null || match[1] === undefined)
    throw new InvalidPlatformError(input, `invalid operating system ${JSON.stringify(part)}`);
  const os = normalizeOs(match[1]);
  return match[2] === undefined ? { os } : { os, 'os.version': match[2] };
}

/**
 * Parses `os[/arch[/variant]]` like docker's `--platform`. A lone OS gets the host's
 * architecture and a lone architecture the host's OS. The result is normalised
 * (`linux/aarch64` -> linux/arm64/v8).
 */
export function parsePlatform(input: string): Platform {
  if (typeof input !== 'string' || input.trim() === '')
    throw new InvalidPlatformError(String(input), 'empty');
  const parts = input.trim().toLowerCase().split('/');
  if (parts.length > 3) throw new InvalidPlatformError(input, 'expected os[/arch[/variant]]');
  const [first = '', arch, variant] = parts;
  for (const part of [arch, variant]) {
    if (part !== undefined && !COMPONENT.test(part)) {
      throw new InvalidPlatformError(input, `invalid component ${JSON.stringify(part)}`);
    }
  }
  if (arch === undefined) {
    const host = hostPlatform();
    const os = parseOs(input, first);
    if (KNOWN_OS.has(os.os))
      return normalizePlatform({ ...os, architecture: host.architecture, ...variantOf(host) });
    const alone = normalizeArch(first);
    if (KNOWN_ARCH.has(alone.architecture)) return normalizePlatform({ os: host.os, ...alone });
    throw new InvalidPlatformError(
      input,
      `unknown operating system or architecture ${JSON.stringify(first)}`,
    );
  }
  return normalizePlatform({
    ...parseOs(input, first),
    architecture: arch,
    ...(variant === undefined ? {} : { variant }),
  });
}

function variantOf(platform: Platform): Pick<Platform, 'variant'> {
  return platform.variant === undefined ? {} : { variant: platform.variant };
}

/** `os[(os.version)]/arch[/variant]`, the inverse of parsePlatform. */
export function formatPlatform(platform: Platform): string {
  const os = platform['os.version'] === undefined ? platform.os : `${platform.os}(${platform['os.version']})`;
  const base = `${os}/${platform.architecture}`;
  return platform.variant === undefined || platform.variant === '' ? base : `${base}/${platform.variant}`;
}
