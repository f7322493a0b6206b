// cgroup v1 blkio controller: proportional weights (CFQ/BFQ) and throttling.
import { formatInteger, hasCgroupFile, readOptionalCgroupFile, writeCgroupFile } from '../cgroupfs';
import { THROTTLES, checkBlockIO } from '../blkio-checks';
import { type Controller, resourceField } from '../controller';
import type { LinuxResources } from '../spec-types';
import type { BlkioEntry, CgroupStats } from '../stats';

// With BFQ as the I/O scheduler the weight files carry a "bfq." infix; CFQ kernels have the plain ones.
function weightFile(dir: string, plain: string): string {
  const bfq = plain.replace('blkio.', 'blkio.bfq.');
  return !hasCgroupFile(dir, plain) && hasCgroupFile(dir, bfq) ? bfq : plain;
}

// "8:0 Read 4096" lines, closed by a "Total N" line that is not a device.
function parseBlkioEntries(text: string | undefined): BlkioEntry[] | undefined {
  if (text === undefined) return undefined;
  const entries: BlkioEntry[] = [];
  for (const line of text.split('\n')) {
    const [device, op, value] = line.trim().split(/\s+/);
    if (!device || !device.includes(':')) continue;
    const [major, minor] = device.split(':').map(Number);
    entries.push({
      major: major!,
      minor: minor!,
      op: op && value !== undefined ? op : '',
      value: Number(value ?? op),
    });
  }
  return entries;
}

function readFirst(dir: string, files: string[]): BlkioEntry[] | undefined {
  for (const file of files) {
    const entries = parseBlkioEntries(readOptionalCgroupFile(dir, file));
    if (entries && entries.length > 0) return entries;
  }
  return undefined;
}

export const v1Blkio: Controller = {
  name: 'blkio',
  version: 1,
  handles: ['blockIO'],

  check(resources: LinuxResources): void {
    if (resources.blockIO) checkBlockIO(resources.blockIO);
  },

  set(dir: string, resources: LinuxResources): void {
    const blockIO = resources.blockIO;
    if (!blockIO) return;
    checkBlockIO(blockIO);
    if (blockIO.weight !== undefined) {
      writeCgroupFile(
        dir,
        weightFile(dir, 'blkio.weight'),
        String(blockIO.weight),
        resourceField('blockIO.weight'),
      );
    }
    if (blockIO.leafWeight !== undefined) {
      const field = resourceField('blockIO.leafWeight');
      writeCgroupFile(dir, 'blkio.leaf_weight', String(blockIO.leafWeight), field);
    }
    (blockIO.weightDevice ?? []).forEach((device, i) => {
      const field = resourceField(`blockIO.weightDevice[${i}]`);
      const id = `${device.major}:${device.minor}`;
      if (device.weight !== undefined) {
        writeCgroupFile(dir, weightFile(dir, 'blkio.weight_device'), `${id} ${device.weight}`, field);
      }
      if (device.leafWeight !== undefined) {
        writeCgroupFile(dir, 'blkio.leaf_weight_device', `${id} ${device.leafWeight}`, field);
      }
    });
    for (const { name, v1File } of THROTTLES) {
      (blockIO[name] ?? []).forEach((device, i) => {
        const field = resourceField(`blockIO.${name}[${i}]`);
        writeCgroupFile(
          dir,
          v1File,
          `${device.major}:${device.minor} ${formatInteger(device.rate, field)}`,
          field,
        );
      });
    }
  },

  stats(dir: string, stats: CgroupStats): void {
    // The proportional-weight files exist only with CFQ/BFQ; throttle accounting always does.
    const bytes = readFirst(dir, [
      'blkio.io_service_bytes_recursive',
      'blkio.bfq.io_service_bytes_recursive',
      'blkio.throttle.io_service_bytes_recursive',
    ]);
    const ios = readFirst(dir, [
      'blkio.io_serviced_recursive',
      'blkio.bfq.io_serviced_recursive',
      'blkio.throttle.io_serviced_recursive',
    ]);
    stats.blkio.ioServiceBytesRecursive = bytes ?? [];
    stats.blkio.ioServicedRecursive = ios ?? [];
    const optional = {
      ioQueuedRecursive: 'blkio.io_queued_recursive',
      ioServiceTimeRecursive: 'blkio.io_service_time_recursive',
      ioWaitTimeRecursive: 'blkio.io_wait_time_recursive',
      ioMergedRecursive: 'blkio.io_merged_recursive',
      ioTimeRecursive: 'blkio.time_recursive',
      sectorsRecursive: 'blkio.sectors_recursive',
    } as const;
    for (const [key, file] of Object.entries(optional) as [keyof typeof optional, string][]) {
      const entries = parseBlkioEntries(readOptionalCgroupFile(dir, file));
      if (entries) stats.blkio[key] = entries;
    }
  },
};
