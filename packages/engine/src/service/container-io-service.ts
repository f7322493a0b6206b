// berth.engine.v1.Containers, process and file half: exec and attach sessions, top, stats,
// update, export and copy in both directions.
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type {
  ServerDuplexStream,
  ServerReadableStream,
  ServerUnaryCall,
  ServerWritableStream,
} from '@grpc/grpc-js';
import { Metadata } from '@grpc/grpc-js';
import type { engine } from '@berth/api';
import type { ComponentClients } from '../components/component-clients';
import { resourcesFromProto, restartPolicyFromProto } from '../convert/create-request';
import { InvalidOptionError, InvalidStateError } from '../errors';
import type { ContainerChanges } from '../engine/container-changes';
import { hostPathOf, statPath, streamTar, tarEntry } from '../engine/container-files';
import type { ContainerRegistry } from '../engine/container-registry';
import { copyInto } from '../engine/copy-into';
import type { ProcessSessions } from '../engine/process-sessions';
import {
  cpuPercent,
  memoryFigures,
  networkBytes,
  ONLINE_CPUS,
  systemCpuNs,
  topTable,
  type StatsSample,
} from '../engine/process-stats';
import { toLinuxResources } from '../spec/resources';
import { isActive } from '../state/container-state';
import { firstRequest, runSession } from './session-stream';

type Unary<Req> = ServerUnaryCall<Req, unknown>;

export function containerIoService(
  changes: ContainerChanges,
  registry: ContainerRegistry,
  sessions: ProcessSessions,
  clients: ComponentClients,
) {
  // top and stats read a live process: running or paused.
  const runningShim = (ref: string) => {
    const record = registry.find(ref);
    if (!isActive(record.state.status))
      throw new InvalidStateError(record.id, `container ${record.id.slice(0, 12)} is not running`);
    return { record, shim: clients.task(record.shimSocket) };
  };
  return {
    async exportContainer(
      call: ServerWritableStream<engine.v1.ExportContainerRequest, engine.v1.ExportContainerResponse>,
    ) {
      await changes.withRootfs(call.request.id, (_record, rootfs) =>
        streamTar(rootfs, '.', (data) => call.write({ data })),
      );
      call.end();
    },

    async copyFromContainer(
      call: ServerWritableStream<engine.v1.CopyFromContainerRequest, engine.v1.CopyFromContainerResponse>,
    ) {
      await changes.withRootfs(call.request.id, async (record, rootfs) => {
        const hostPath = await hostPathOf(record, rootfs, call.request.path);
        const stat = await statPath(hostPath, call.request.path);
        call.write({ content: { $case: 'stat', stat } });
        const { dir, entry } = tarEntry(hostPath);
        await streamTar(dir, entry, (data) => call.write({ content: { $case: 'data', data } }));
      });
      call.end();
    },

    async copyToContainer(
      call: ServerReadableStream<engine.v1.CopyToContainerRequest, engine.v1.CopyToContainerResponse>,
    ): Promise<engine.v1.CopyToContainerResponse> {
      const work = await mkdtemp(join(tmpdir(), 'berth-cp-'));
      try {
        let header: engine.v1.CopyToContainerHeader | undefined;
        const archive = createWriteStream(join(work, 'archive.tar'));
        for await (const message of call as AsyncIterable<engine.v1.CopyToContainerRequest>) {
          const content = message.content;
          if (content?.$case === 'header' && !header) header = content.header;
          else if (content?.$case === 'data' && header) {
            if (!archive.write(content.data))
              await new Promise<void>((resolve) => archive.once('drain', () => resolve()));
          } else throw new InvalidOptionError('request', 'send the header first, then the archive');
        }
        await new Promise((resolve, reject) =>
          archive.end((err?: Error | null) => (err ? reject(err) : resolve(undefined))),
        );
        if (!header) throw new InvalidOptionError('request', 'missing header');
        const { id, path, noOverwriteDirNonDir } = header;
        await changes.withRootfs(id, (record, rootfs) =>
          copyInto(join(work, 'archive.tar'), join(work, 'staging'), (p) => hostPathOf(record, rootfs, p), {
            target: path,
            noOverwriteDirNonDir,
          }),
        );
        return {};
      } finally {
        await rm(work, { recursive: true, force: true });
      }
    },

    async topContainer(call: Unary<engine.v1.TopContainerRequest>): Promise<engine.v1.TopContainerResponse> {
      const { record, shim } = runningShim(call.request.id);
      const { processes } = await shim.call.pids({ id: record.id });
      const { titles, rows } = await topTable(
        processes.map((p) => p.pid),
        call.request.psArgs,
      );
      return { titles, processes: rows.map((values) => ({ values })) };
    },

    async containerStats(
      call: ServerWritableStream<engine.v1.ContainerStatsRequest, engine.v1.ContainerStatsResponse>,
    ) {
      const { record, shim } = runningShim(call.request.id);
      let previous: StatsSample | undefined;
      let cancelled = false;
      call.on('cancelled', () => (cancelled = true));
      do {
        const stats = await shim.call.stats({ id: record.id });
        const sample = { cpuNs: stats.cpu?.usageTotalNs ?? 0, systemNs: await systemCpuNs() };
        const memory = memoryFigures(stats);
        const net = await networkBytes(record.state.pid);
        call.write({
          id: record.id,
          name: record.name,
          read: new Date(),
          cpuUsageNs: sample.cpuNs,
          systemCpuUsageNs: sample.systemNs,
          onlineCpus: ONLINE_CPUS,
          memoryUsage: memory.usage,
          memoryLimit: memory.limit,
          netRxBytes: net.rx,
          netTxBytes: net.tx,
          blockReadBytes: stats.io?.readBytes ?? 0,
          blockWriteBytes: stats.io?.writeBytes ?? 0,
          pids: stats.pids?.current ?? 0,
          cpuPercent: cpuPercent(previous, sample, ONLINE_CPUS),
        });
        previous = sample;
        if (call.request.stream) await new Promise((resolve) => setTimeout(resolve, 1000));
      } while (
        call.request.stream &&
        !cancelled &&
        registry.has(record.id) &&
        registry.get(record.id).state.status === 'running'
      );
      call.end();
    },

    async updateContainer(
      call: Unary<engine.v1.UpdateContainerRequest>,
    ): Promise<engine.v1.UpdateContainerResponse> {
      return changes.update(call.request.id, (record) => {
        const changed = resourcesFromProto(call.request.resources);
        const current = record.settings.resources;
        // Zero (or empty) fields of the request leave the current value.
        const merged = Object.fromEntries(
          Object.entries(current).map(([key, value]) => {
            const next = changed[key as keyof typeof changed];
            return [key, next === 0 || next === '' || next === false ? value : next];
          }),
        ) as typeof current;
        return {
          resources: merged,
          ...(call.request.restartPolicy
            ? { restartPolicy: restartPolicyFromProto(call.request.restartPolicy) }
            : {}),
          linux: toLinuxResources(merged),
        };
      });
    },

    async execContainer(
      call: ServerDuplexStream<engine.v1.ExecContainerRequest, engine.v1.ExecContainerResponse>,
    ) {
      const first = await firstRequest(call);
      if (first.input?.$case !== 'start')
        throw new InvalidOptionError('request', 'the first message must be start');
      const start = first.input.start;
      const running = await sessions.exec({ ...start, ...(start.size ? { size: start.size } : {}) });
      call.write({ output: { $case: 'started', started: { execId: running.execId, pid: running.pid } } });
      if (!running.session) {
        call.end();
        return;
      }
      await runSession(call, running, (output) => call.write({ output }), { stdout: true, stderr: true });
    },

    async attachContainer(
      call: ServerDuplexStream<engine.v1.AttachContainerRequest, engine.v1.AttachContainerResponse>,
    ) {
      const first = await firstRequest(call);
      if (first.input?.$case !== 'start')
        throw new InvalidOptionError('request', 'the first message must be start');
      const start = first.input.start;
      const running = await sessions.attach({
        id: start.id,
        stdin: start.stdin,
        detachKeys: start.detachKeys,
      });
      if (start.size && start.size.width > 0)
        await running.session!.resize(start.size.width, start.size.height).catch(() => undefined);
      // Headers now tell the caller it is attached: `run` and `start -a` start the container
      // only then, so not even the first byte of a short-lived process goes unseen.
      call.sendMetadata(new Metadata());
      const both = !start.stdout && !start.stderr;
      await runSession(call, running, (output) => call.write({ output }), {
        stdout: both || start.stdout,
        stderr: both || start.stderr,
      });
    },
  };
}
