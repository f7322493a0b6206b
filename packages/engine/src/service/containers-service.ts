// berth.engine.v1.Containers: requests checked and converted, then handed to the life cycle.
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
import { engine } from '@berth/api';
import { UnimplementedError } from '@berth/kit';
import { settingsFromProto } from '../convert/create-request';
import { ContainerNotFoundError, InvalidOptionError, InvalidStateError } from '../errors';
import type { ContainerLifecycle } from '../engine/container-lifecycle';
import type { ContainerRegistry } from '../engine/container-registry';
import { followLog, readLog, type LogLine } from '../engine/log-reader';
import { selectContainers } from '../inspect/container-filters';
import { inspectDocument } from '../inspect/inspect-document';
import { isActive } from '../state/container-state';
import { hostPathOf, statPath, streamTar, tarEntry } from '../engine/container-files';
import { copyInto } from '../engine/copy-into';
import type { ProcessSessions } from '../engine/process-sessions';
import {
  cpuPercent,
  memoryFigures,
  ONLINE_CPUS,
  systemCpuNs,
  topTable,
  type StatsSample,
} from '../engine/process-stats';
import type { ComponentClients } from '../components/component-clients';
import { resourcesFromProto, restartPolicyFromProto } from '../convert/create-request';
import { toLinuxResources } from '../spec/resources';
import { containerSummary, portBinding, STATE_TO_PROTO } from './container-messages';
import { firstRequest, OUTPUT_STREAMS, runSession } from './session-stream';

type Unary<Req> = ServerUnaryCall<Req, unknown>;
const v1 = engine.v1;

const WAIT_CONDITIONS: Record<number, 'not-running' | 'next-exit' | 'removed'> = {
  [v1.WaitCondition.WAIT_CONDITION_UNSPECIFIED]: 'not-running',
  [v1.WaitCondition.WAIT_CONDITION_NOT_RUNNING]: 'not-running',
  [v1.WaitCondition.WAIT_CONDITION_NEXT_EXIT]: 'next-exit',
  [v1.WaitCondition.WAIT_CONDITION_REMOVED]: 'removed',
};

function logMessage(line: LogLine): engine.v1.ContainerLogsResponse {
  return {
    stream:
      line.stream === 'stdout' ? v1.OutputStream.OUTPUT_STREAM_STDOUT : v1.OutputStream.OUTPUT_STREAM_STDERR,
    data: line.data,
    time: new Date(line.time),
  };
}

export function containersService(
  lifecycle: ContainerLifecycle,
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
      await lifecycle.withRootfs(call.request.id, (_record, rootfs) =>
        streamTar(rootfs, '.', (data) => call.write({ data })),
      );
      call.end();
    },

    async copyFromContainer(
      call: ServerWritableStream<engine.v1.CopyFromContainerRequest, engine.v1.CopyFromContainerResponse>,
    ) {
      await lifecycle.withRootfs(call.request.id, async (record, rootfs) => {
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
        await lifecycle.withRootfs(id, (record, rootfs) =>
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
        call.write({
          id: record.id,
          name: record.name,
          read: new Date(),
          cpuUsageNs: sample.cpuNs,
          systemCpuUsageNs: sample.systemNs,
          onlineCpus: ONLINE_CPUS,
          memoryUsage: memory.usage,
          memoryLimit: memory.limit,
          netRxBytes: 0,
          netTxBytes: 0,
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
      return lifecycle.update(call.request.id, (record) => {
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
      await runSession(
        call,
        running,
        {
          chunk: (stream, data) =>
            call.write({ output: { $case: 'chunk', chunk: { stream: OUTPUT_STREAMS[stream], data } } }),
          detached: () => call.write({ output: { $case: 'detached', detached: true } }),
          exit: (code) => call.write({ output: { $case: 'exit', exit: { exitCode: code } } }),
        },
        { stdout: true, stderr: true },
      );
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
      const both = !start.stdout && !start.stderr;
      await runSession(
        call,
        running,
        {
          chunk: (stream, data) =>
            call.write({ output: { $case: 'chunk', chunk: { stream: OUTPUT_STREAMS[stream], data } } }),
          detached: () => call.write({ output: { $case: 'detached', detached: true } }),
          exit: (code) => call.write({ output: { $case: 'exit', exit: { exitCode: code } } }),
        },
        { stdout: both || start.stdout, stderr: both || start.stderr },
      );
    },

    async createContainer(
      call: ServerWritableStream<engine.v1.CreateContainerRequest, engine.v1.CreateContainerResponse>,
    ) {
      const input = settingsFromProto(call.request.config);
      const record = await lifecycle.create(call.request.name, input, (p) =>
        call.write({ result: { $case: 'progress', progress: p } }),
      );
      call.write({
        result: { $case: 'created', created: { id: record.id, name: record.name, warnings: [] } },
      });
      call.end();
    },

    async startContainer(
      call: Unary<engine.v1.StartContainerRequest>,
    ): Promise<engine.v1.StartContainerResponse> {
      const record = await lifecycle.start(call.request.id);
      return { pid: record.state.pid };
    },

    async stopContainer(
      call: Unary<engine.v1.StopContainerRequest>,
    ): Promise<engine.v1.StopContainerResponse> {
      await lifecycle.stop(call.request.id, call.request.timeout, call.request.signal);
      return {};
    },

    async restartContainer(
      call: Unary<engine.v1.RestartContainerRequest>,
    ): Promise<engine.v1.RestartContainerResponse> {
      await lifecycle.restart(call.request.id, call.request.timeout, call.request.signal);
      return {};
    },

    async killContainer(
      call: Unary<engine.v1.KillContainerRequest>,
    ): Promise<engine.v1.KillContainerResponse> {
      await lifecycle.kill(call.request.id, call.request.signal);
      return {};
    },

    async removeContainer(
      call: Unary<engine.v1.RemoveContainerRequest>,
    ): Promise<engine.v1.RemoveContainerResponse> {
      return {
        id: await lifecycle.remove(call.request.id, {
          force: call.request.force,
          volumes: call.request.volumes,
        }),
      };
    },

    async listContainers(
      call: Unary<engine.v1.ListContainersRequest>,
    ): Promise<engine.v1.ListContainersResponse> {
      const now = new Date();
      const records = selectContainers(registry.all(), call.request, (ref) => registry.find(ref));
      return { containers: records.map((r) => containerSummary(r, now)) };
    },

    async inspectContainer(
      call: Unary<engine.v1.InspectContainerRequest>,
    ): Promise<engine.v1.InspectContainerResponse> {
      const record = registry.find(call.request.id);
      return {
        json: JSON.stringify(inspectDocument(record)),
        id: record.id,
        state: STATE_TO_PROTO[record.state.status],
      };
    },

    async containerLogs(
      call: ServerWritableStream<engine.v1.ContainerLogsRequest, engine.v1.ContainerLogsResponse>,
    ) {
      const request = call.request;
      const record = registry.find(request.id);
      const both = !request.stdout && !request.stderr;
      const query = {
        tail: request.tail === undefined || request.tail < 0 ? -1 : request.tail,
        stdout: both || request.stdout,
        stderr: both || request.stderr,
        ...(request.since ? { since: request.since.getTime() } : {}),
        ...(request.until ? { until: request.until.getTime() } : {}),
      };
      for (const line of await readLog(record.logPath, query)) call.write(logMessage(line));
      if (request.follow) {
        const abort = new AbortController();
        call.on('cancelled', () => abort.abort());
        const running = () =>
          registry.has(record.id) &&
          (isActive(registry.get(record.id).state.status) ||
            registry.get(record.id).state.status === 'restarting');
        await followLog(record.logPath, query, (line) => call.write(logMessage(line)), running, abort.signal);
      }
      call.end();
    },

    async waitContainer(
      call: Unary<engine.v1.WaitContainerRequest>,
    ): Promise<engine.v1.WaitContainerResponse> {
      const condition = WAIT_CONDITIONS[call.request.condition];
      if (!condition)
        throw new InvalidOptionError('condition', `unknown wait condition ${call.request.condition}`);
      const code = await lifecycle.wait(call.request.id, condition);
      return { statusCode: code, error: '' };
    },

    async pauseContainer(
      call: Unary<engine.v1.PauseContainerRequest>,
    ): Promise<engine.v1.PauseContainerResponse> {
      await lifecycle.pause(call.request.id);
      return {};
    },

    async unpauseContainer(
      call: Unary<engine.v1.UnpauseContainerRequest>,
    ): Promise<engine.v1.UnpauseContainerResponse> {
      await lifecycle.unpause(call.request.id);
      return {};
    },

    async renameContainer(
      call: Unary<engine.v1.RenameContainerRequest>,
    ): Promise<engine.v1.RenameContainerResponse> {
      await lifecycle.rename(call.request.id, call.request.newName);
      return {};
    },

    async containerPort(
      call: Unary<engine.v1.ContainerPortRequest>,
    ): Promise<engine.v1.ContainerPortResponse> {
      const record = registry.find(call.request.id);
      return { ports: isActive(record.state.status) ? record.ports.map(portBinding) : [] };
    },

    async pruneContainers(
      call: Unary<engine.v1.PruneContainersRequest>,
    ): Promise<engine.v1.PruneContainersResponse> {
      if (call.request.filters.length > 0)
        throw new UnimplementedError('prune filters are not supported yet');
      const deleted: string[] = [];
      for (const record of registry.all()) {
        if (
          record.state.status !== 'exited' &&
          record.state.status !== 'created' &&
          record.state.status !== 'dead'
        )
          continue;
        try {
          deleted.push(await lifecycle.remove(record.id, { force: false, volumes: false }));
        } catch (err) {
          if (!(err instanceof ContainerNotFoundError)) throw err;
        }
      }
      return { containersDeleted: deleted, spaceReclaimed: 0 };
    },
  };
}
