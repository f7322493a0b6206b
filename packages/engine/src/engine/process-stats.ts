// `berth top` and `berth stats` from the shim's view of the container's cgroup.
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { cpus, totalmem } from 'node:os';
import { promisify } from 'node:util';
import type { task } from '@berth/api';
import { InvalidOptionError } from '../errors';

const run = promisify(execFile);

/** ps(1) of the container's pids, as a table: titles and rows (the last column may hold spaces). */
export async function topTable(
  pids: number[],
  psArgs: string,
): Promise<{ titles: string[]; rows: string[][] }> {
  const args = (psArgs.trim() || '-ef').split(/\s+/);
  if (args.some((arg) => !/^-?[A-Za-z,=%:]+$/.test(arg)))
    throw new InvalidOptionError('ps-args', `"${psArgs}" is not a list of ps options`);
  const { stdout } = await run('ps', args, { maxBuffer: 16 << 20 });
  const lines = stdout.trimEnd().split('\n');
  const titles = lines[0].trim().split(/\s+/);
  const pidColumn = titles.indexOf('PID');
  if (pidColumn < 0) throw new InvalidOptionError('ps-args', `ps ${args.join(' ')} prints no PID column`);
  const wanted = new Set(pids);
  const rows = lines.slice(1).flatMap((line) => {
    const fields = line.trim().split(/\s+/);
    const row = [...fields.slice(0, titles.length - 1), fields.slice(titles.length - 1).join(' ')];
    return wanted.has(Number(row[pidColumn])) ? [row] : [];
  });
  return { titles, rows };
}

/** Host CPU time in nanoseconds (/proc/stat), the base docker computes CPU percentages against. */
export async function systemCpuNs(): Promise<number> {
  const line = (await readFile('/proc/stat', 'utf8')).split('\n')[0];
  const ticks = line
    .split(/\s+/)
    .slice(1, 8)
    .map(Number)
    .reduce((a, b) => a + b, 0);
  return ticks * (1e9 / 100);
}

export interface StatsSample {
  cpuNs: number;
  systemNs: number;
}

/** docker's CPU percentage between two samples. */
export function cpuPercent(
  previous: StatsSample | undefined,
  current: StatsSample,
  onlineCpus: number,
): number {
  if (!previous) return 0;
  const cpuDelta = current.cpuNs - previous.cpuNs;
  const systemDelta = current.systemNs - previous.systemNs;
  return cpuDelta > 0 && systemDelta > 0 ? (cpuDelta / systemDelta) * onlineCpus * 100 : 0;
}

/** Memory in use as docker shows it: usage minus page cache, limit capped to the host's memory. */
export function memoryFigures(stats: task.v1.StatsResponse): { usage: number; limit: number } {
  const memory = stats.memory;
  const usage = Math.max(0, (memory?.usage ?? 0) - (memory?.cache ?? 0));
  const limit = memory?.limit && memory.limit < totalmem() ? memory.limit : totalmem();
  return { usage, limit };
}

export const ONLINE_CPUS = cpus().length;

/** Bytes received and sent on every interface but loopback, as the container's process sees them. */
export async function networkBytes(pid: number, procRoot = '/proc'): Promise<{ rx: number; tx: number }> {
  let text: string;
  try {
    text = await readFile(`${procRoot}/${pid}/net/dev`, 'utf8');
  } catch {
    return { rx: 0, tx: 0 };
  }
  let rx = 0;
  let tx = 0;
  for (const line of text.split('\n').slice(2)) {
    const match = /^\s*([^:\s]+):\s*(.*)$/.exec(line);
    if (!match || match[1] === 'lo') continue;
    const fields = match[2].trim().split(/\s+/).map(Number);
    rx += fields[0] ?? 0;
    tx += fields[8] ?? 0;
  }
  return { rx, tx };
}
