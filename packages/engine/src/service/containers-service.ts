// berth.engine.v1.Containers, life-cycle half: requests checked and converted, then handed to
// the creator and the life cycle. The process and file half is container-io-service.ts.
import type { ServerUnaryCall, ServerWritableStream } from '@grpc/grpc-js';
import { engine } from '@berth/api';
import type { ComponentClients } from '../components/component-clients';
import { settingsFromProto } from '../convert/create-request';
import { ContainerNotFoundError, InvalidOptionError } from '../errors';
import type { ContainerCreator } from '../engine/container-creator';
import type { ContainerLifecycle } from '../engine/container-lifecycle';
import type { ContainerRegistry } from '../engine/container-registry';
import { measureContainers } from '../engine/container-sizes';
import { followLog, readLogUpTo, type LogLine } from '../engine/log-reader';
import { selectContainers } from '../inspect/container-filters';
import { inspectDocument } from '../inspect/inspect-document';
import { pruneMatcher } from '../inspect/prune-filters';
import { isActive } from '../state/container-state';
import { containerSummary, portBinding, STATE_TO_PROTO } from './container-messages';

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
  creator: ContainerCreator,
  registry: ContainerRegistry,
  /** For `ps -s` (sizes come from berth-images). */
  clients?: ComponentClients,
) {
  return {
    async createContainer(
      call: ServerWritableStream<engine.v1.CreateContainerRequest, engine.v1.CreateContainerResponse>,
    ) {
      const input = settingsFromProto(call.request.config);
      const record = await creator.create(call.request.name, input, (p) =>
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
      const sizes = call.request.size && clients ? await measureContainers(clients, records) : undefined;
      return {
        containers: records.map((r) => ({
          ...containerSummary(r, now),
          ...(sizes ? { sizeRw: sizes.get(r.id)!.rw, sizeRootFs: sizes.get(r.id)!.rootFs } : {}),
        })),
      };
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
      const { lines, end } = await readLogUpTo(record.logPath, query);
      for (const line of lines) call.write(logMessage(line));
      if (request.follow) {
        const abort = new AbortController();
        call.on('cancelled', () => abort.abort());
        const running = () =>
          registry.has(record.id) &&
          (isActive(registry.get(record.id).state.status) ||
            registry.get(record.id).state.status === 'restarting');
        const deliver = (line: LogLine) => call.write(logMessage(line));
        await followLog(record.logPath, query, deliver, running, abort.signal, undefined, end);
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
      const matches = pruneMatcher(call.request.filters, 'container prune');
      const deleted: string[] = [];
      for (const record of registry.all()) {
        if (!matches(Date.parse(record.created), record.settings.labels)) continue;
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
