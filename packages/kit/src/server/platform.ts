import { endianness } from 'node:os';

// Node's process.arch names, in the GOARCH spelling OCI and Berth's APIs use.
const goArchitectures: Partial<Record<NodeJS.Architecture, string>> = {
  x64: 'amd64',
  arm64: 'arm64',
  arm: 'arm',
  ia32: '386',
  s390x: 's390x',
  riscv64: 'riscv64',
  loong64: 'loong64',
  mips: 'mips',
  mipsel: 'mipsle',
};

/** The running CPU architecture as GOARCH (amd64, arm64, ppc64le, ...). */
export function goArchitecture(arch: NodeJS.Architecture = process.arch): string {
  if (arch === 'ppc64') return endianness() === 'LE' ? 'ppc64le' : 'ppc64';
  return goArchitectures[arch] ?? arch;
}
