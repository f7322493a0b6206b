import type { engine as api } from '@berth/api';
import { binarySize, humanSize, shortId } from '../../format/units';

export const STATS_HEADERS: Record<string, string> = {
  ID: 'CONTAINER ID',
  Container: 'CONTAINER',
  Name: 'NAME',
  CPUPerc: 'CPU %',
  MemUsage: 'MEM USAGE / LIMIT',
  MemPerc: 'MEM %',
  NetIO: 'NET I/O',
  BlockIO: 'BLOCK I/O',
  PIDs: 'PIDS',
};

export const STATS_DEFAULT_FORMAT =
  'table {{.ID}}\t{{.Name}}\t{{.CPUPerc}}\t{{.MemUsage}}\t{{.MemPerc}}\t{{.NetIO}}\t{{.BlockIO}}\t{{.PIDs}}';

const percent = (value: number) => `${value.toFixed(2)}%`;

/** One sample as docker's stats template context sees it. */
export function statsRow(
  sample: api.v1.ContainerStatsResponse,
  asTyped: string,
  noTrunc: boolean,
): Record<string, string> {
  return {
    BlockIO: `${humanSize(sample.blockReadBytes)} / ${humanSize(sample.blockWriteBytes)}`,
    CPUPerc: percent(sample.cpuPercent),
    Container: asTyped,
    ID: noTrunc ? sample.id : shortId(sample.id),
    MemPerc: percent(sample.memoryLimit ? (sample.memoryUsage / sample.memoryLimit) * 100 : 0),
    MemUsage: `${binarySize(sample.memoryUsage)} / ${binarySize(sample.memoryLimit)}`,
    Name: sample.name.replace(/^\//, ''),
    NetIO: `${humanSize(sample.netRxBytes)} / ${humanSize(sample.netTxBytes)}`,
    PIDs: String(sample.pids),
  };
}
