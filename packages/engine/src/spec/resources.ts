// Docker's resource flags as OCI linux.resources.
import type { LinuxResources } from '@berth/oci';
import { InvalidOptionError } from '../errors';

export interface ResourceSettings {
  /** Bytes; 0 = unlimited. */
  memory: number;
  /** memory+swap bytes; 0 = twice memory (docker's default), -1 = unlimited. */
  memorySwap: number;
  memoryReservation: number;
  /** 10^-9 CPUs. */
  nanoCpus: number;
  cpuShares: number;
  cpusetCpus: string;
  /** 0 = unlimited, -1 = unlimited. */
  pidsLimit: number;
  oomKillDisable: boolean;
  /** Microseconds; 0 = default. */
  cpuPeriod: number;
  cpuQuota: number;
}

export const NO_RESOURCE_LIMITS: ResourceSettings = {
  memory: 0,
  memorySwap: 0,
  memoryReservation: 0,
  nanoCpus: 0,
  cpuShares: 0,
  cpusetCpus: '',
  pidsLimit: 0,
  oomKillDisable: false,
  cpuPeriod: 0,
  cpuQuota: 0,
};

/** The CFS period docker uses with --cpus: 100 ms. */
export const CPU_PERIOD_US = 100_000;
/** The kernel refuses memory limits below about 6 MiB; docker refuses below this. */
export const MIN_MEMORY = 6 * 1024 * 1024;

/** Checks limits against each other and the host's CPU count, naming the flag at fault. */
export function checkResources(settings: ResourceSettings, hostCpus: number): void {
  if (settings.memory < 0) throw new InvalidOptionError('memory', 'must not be negative');
  if (settings.memory > 0 && settings.memory < MIN_MEMORY)
    throw new InvalidOptionError('memory', 'minimum memory limit allowed is 6MB');
  if (settings.memorySwap > 0 && settings.memory === 0)
    throw new InvalidOptionError(
      'memory-swap',
      'you should always set the memory limit when using the memory-swap limit',
    );
  if (settings.memorySwap > 0 && settings.memorySwap < settings.memory)
    throw new InvalidOptionError(
      'memory-swap',
      'the memory+swap limit should be larger than the memory limit',
    );
  if (settings.memoryReservation < 0 || (settings.memory > 0 && settings.memoryReservation > settings.memory))
    throw new InvalidOptionError('memory-reservation', 'must be between 0 and the memory limit');
  if (settings.nanoCpus < 0 || settings.nanoCpus > hostCpus * 1e9)
    throw new InvalidOptionError(
      'cpus',
      `range of CPUs is from 0.01 to ${hostCpus}.00, as there are only ${hostCpus} CPUs available`,
    );
  if (settings.nanoCpus > 0 && (settings.cpuPeriod > 0 || settings.cpuQuota > 0))
    throw new InvalidOptionError(
      'cpus',
      'conflicting options: --cpus and --cpu-period/--cpu-quota cannot both be set',
    );
  if (settings.cpuShares < 0) throw new InvalidOptionError('cpu-shares', 'must not be negative');
  if (settings.cpusetCpus !== '' && !/^\d+(-\d+)?(,\d+(-\d+)?)*$/.test(settings.cpusetCpus))
    throw new InvalidOptionError('cpuset-cpus', `"${settings.cpusetCpus}" is not a CPU list like 0-2,4`);
}

export function toLinuxResources(settings: ResourceSettings): LinuxResources {
  const resources: LinuxResources = {};
  if (settings.memory > 0 || settings.memoryReservation > 0 || settings.oomKillDisable) {
    resources.memory = {};
    if (settings.memory > 0) {
      resources.memory.limit = settings.memory;
      resources.memory.swap = settings.memorySwap === 0 ? settings.memory * 2 : settings.memorySwap;
    }
    if (settings.memoryReservation > 0) resources.memory.reservation = settings.memoryReservation;
    if (settings.oomKillDisable) resources.memory.disableOOMKiller = true;
  }
  const cpu: NonNullable<LinuxResources['cpu']> = {};
  if (settings.nanoCpus > 0) {
    cpu.period = CPU_PERIOD_US;
    cpu.quota = Math.round((settings.nanoCpus * CPU_PERIOD_US) / 1e9);
  } else {
    if (settings.cpuPeriod > 0) cpu.period = settings.cpuPeriod;
    if (settings.cpuQuota > 0) cpu.quota = settings.cpuQuota;
  }
  if (settings.cpuShares > 0) cpu.shares = settings.cpuShares;
  if (settings.cpusetCpus !== '') cpu.cpus = settings.cpusetCpus;
  if (Object.keys(cpu).length > 0) resources.cpu = cpu;
  if (settings.pidsLimit > 0) resources.pids = { limit: settings.pidsLimit };
  return resources;
}
