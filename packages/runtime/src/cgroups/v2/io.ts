// cgroup v2 io controller: io.bfq.weight when BFQ schedules the disk, io.weight otherwise, and io.max.
import { formatInteger, hasCgroupFile, readOptionalCgroupFile, writeCgroupFile } from '../cgroupfs';
import { THROTTLES, checkBlockIO } from '../blkio-checks';
import { type Controller, resourceField } from '../controller';
import { CgroupUnsupportedError } from '../errors';
import type { LinuxBlockIO, LinuxResources } from '../spec-types';
import type { BlkioEntry, CgroupStats } from '../stats';
import { blkioWeightToIoWeight } from './convert';

// io.bfq.weight takes blkio's own [1, 1000] scale; io.weight needs the conversion to [1, 10000].
function weightTarget(dir: string): { file: string; convert: (weight: number) => number } {
  return hasCgroupFile(dir, 'io.bfq.weight')
    ? { file: 'io.bfq.weight', convert: (weight) => weight }
    : { file: 'io.weight', convert: blkioWeightToIoWeight };
}

// io.stat lines: "8:0 rbytes=1 wbytes=2 rios=3 wios=4 dbytes=0 dios=0".
function parseIoStat(text: string | undefined): { bytes: BlkioEntry[]; ios: BlkioEntry[] } {
  const bytes: BlkioEntry[] = [];
  const ios: BlkioEntry[] = [];
  for (const line of (text ?? '').split('\n')) {
    const [device, ...pairs] = line.trim().split(/\s+/);
    if (!device || !device.includes(':')) continue;
    const [major, minor] = device.split(':').map(Number) as [number, number];
    const values = new Map(pairs.map((pair) => pair.split('=') as [string, string]));
    const add = (into: BlkioEntry[], key: string, op: string): void => {
      if (values.has(key)) into.push({ major, minor, op, value: Number(values.get(key)) });
    };
    add(bytes, 'rbytes', 'Read');
    add(bytes, 'wbytes', 'Write');
    add(bytes, 'dbytes', 'Discard');
    add(ios, 'rios', 'Read');
    add(ios, 'wios', 'Write');
    add(ios, 'dios', 'Discard');
  }
  return { bytes, ios };
}

// v2 has no leaf weights; a config asking for them would silently lose them.
function rejectLeafWeights(blockIO: LinuxBlockIO): void {
  const leafField =
    blockIO.leafWeight !== undefined
      ? 'blockIO.leafWeight'
      : (blockIO.weightDevice ?? []).some((d) => d.leafWeight !== undefined)
        ? 'blockIO.weightDevice[].leafWeight'
        : undefined;
  if (leafField) {
    throw new CgroupUnsupportedError(
      `${resourceField(leafField)}: cgroup v2 has no leaf weights`,
      resourceField(leafField),
    );
  }
}

export const v2Io: Controller = {
  name: 'io',
  version: 2,
  handles: ['blockIO'],

  check(resources: LinuxResources): void {
    if (!resources.blockIO) return;
    checkBlockIO(resources.blockIO);
    rejectLeafWeights(resources.blockIO);
  },

  set(dir: string, resources: LinuxResources): void {
    const blockIO = resources.blockIO;
    if (!blockIO) return;
    const target = weightTarget(dir);
    if (blockIO.weight) {
      writeCgroupFile(
        dir,
        target.file,
        `default ${target.convert(blockIO.weight)}`,
        resourceField('blockIO.weight'),
      );
    }
    (blockIO.weightDevice ?? []).forEach((device, i) => {
      if (device.weight === undefined) return;
      const line = `${device.major}:${device.minor} ${target.convert(device.weight)}`;
      writeCgroupFile(dir, target.file, line, resourceField(`blockIO.weightDevice[${i}]`));
    });
    for (const { name, v2Key } of THROTTLES) {
      (blockIO[name] ?? []).forEach((device, i) => {
        const field = resourceField(`blockIO.${name}[${i}]`);
        // A rate of 0 removes the limit, as it does on v1.
        const rate = device.rate === 0 ? 'max' : formatInteger(device.rate, field);
        writeCgroupFile(dir, 'io.max', `${device.major}:${device.minor} ${v2Key}=${rate}`, field);
      });
    }
  },

  stats(dir: string, stats: CgroupStats): void {
    const { bytes, ios } = parseIoStat(readOptionalCgroupFile(dir, 'io.stat'));
    stats.blkio.ioServiceBytesRecursive = bytes;
    stats.blkio.ioServicedRecursive = ios;
  },
};
