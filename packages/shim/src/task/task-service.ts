import type { ServerUnaryCall, ServerWritableStream, UntypedServiceImplementation } from '@grpc/grpc-js';
import { task } from '@berth/api';
import { InvalidRequestError } from '../errors';
import type { EventPublisher } from '../events';
import type { ProcessStatus } from '../process/shim-process';
import { toStatsResponse } from './stats';
import type { TaskManager } from './task-manager';

const { Status } = task.v1;
type Unary<Req> = ServerUnaryCall<Req, unknown>;

const STATUS: Record<ProcessStatus, task.v1.Status> = {
  created: Status.STATUS_CREATED,
  running: Status.STATUS_RUNNING,
  paused: Status.STATUS_PAUSED,
  stopped: Status.STATUS_STOPPED,
};

export interface TaskServiceDeps {
  manager: TaskManager;
  events: EventPublisher;
  version: string;
  /** Claim: assign a container to this shim unless it is exiting or full. */
  claim: (id: string, maxPerShim: number) => Promise<void>;
  /** Unclaim: release a claim whose Create never came. */
  unclaim: (id: string) => void;
  /** Shutdown: exit now, or once the last task is deleted. */
  shutdown: (now: boolean) => void;
}

/**
 * berth.task.v1.Task handlers: decode the request, call the TaskManager, shape the answer.
 * kit's server wraps them, so thrown errors become their gRPC statuses.
 */
export function taskService({
  manager,
  events,
  version,
  claim,
  unclaim,
  shutdown,
}: TaskServiceDeps): UntypedServiceImplementation {
  const handlers = {
    async create({ request }: Unary<task.v1.CreateRequest>): Promise<task.v1.CreateResponse> {
      const pid = await manager.create({
        id: request.id,
        bundle: request.bundle,
        rootfs: request.rootfs,
        stdio: request.stdio ?? task.v1.Stdio.fromPartial({}),
        terminal: request.terminal,
        options: request.options,
      });
      return { pid };
    },

    async start({ request }: Unary<task.v1.StartRequest>): Promise<task.v1.StartResponse> {
      return { pid: await manager.start(request.id, request.execId) };
    },

    async delete({ request }: Unary<task.v1.DeleteRequest>): Promise<task.v1.DeleteResponse> {
      const { pid, exit } = await manager.delete(request.id, request.execId);
      return { pid, exitStatus: exit.status, exitedAt: new Date(exit.exitedAt) };
    },

    async state({ request }: Unary<task.v1.StateRequest>): Promise<task.v1.StateResponse> {
      const owner = manager.get(request.id);
      const { process, stdio, terminal } = manager.entry(request.id, request.execId);
      return task.v1.StateResponse.fromPartial({
        id: request.id,
        execId: request.execId,
        bundle: owner.bundle,
        pid: process.pid,
        status: STATUS[process.status],
        stdio,
        terminal,
        exitStatus: process.exit?.status ?? 0,
        ...(process.exit ? { exitedAt: new Date(process.exit.exitedAt) } : {}),
      });
    },

    async pids({ request }: Unary<task.v1.PidsRequest>): Promise<task.v1.PidsResponse> {
      return { processes: manager.pids(request.id) };
    },

    async pause({ request }: Unary<task.v1.PauseRequest>): Promise<task.v1.PauseResponse> {
      await manager.pause(request.id);
      return {};
    },

    async resume({ request }: Unary<task.v1.ResumeRequest>): Promise<task.v1.ResumeResponse> {
      await manager.resume(request.id);
      return {};
    },

    async kill({ request }: Unary<task.v1.KillRequest>): Promise<task.v1.KillResponse> {
      await manager.kill(request.id, request.execId, request.signal, request.all);
      return {};
    },

    async exec({ request }: Unary<task.v1.ExecRequest>): Promise<task.v1.ExecResponse> {
      const stdio = request.stdio ?? task.v1.Stdio.fromPartial({});
      await manager.exec(request.id, request.execId, request.terminal, stdio, request.spec);
      return {};
    },

    async resizePty({ request }: Unary<task.v1.ResizePtyRequest>): Promise<task.v1.ResizePtyResponse> {
      const { io, terminal } = manager.entry(request.id, request.execId);
      if (!terminal || !io) throw new InvalidRequestError('exec_id', 'the process has no terminal to resize');
      io.resize(request.width, request.height);
      return {};
    },

    async closeIo({ request }: Unary<task.v1.CloseIoRequest>): Promise<task.v1.CloseIoResponse> {
      const { io } = manager.entry(request.id, request.execId);
      if (request.stdin) io?.closeStdin();
      return {};
    },

    async update({ request }: Unary<task.v1.UpdateRequest>): Promise<task.v1.UpdateResponse> {
      await manager.update(request.id, request.resources);
      return {};
    },

    async wait({ request }: Unary<task.v1.WaitRequest>): Promise<task.v1.WaitResponse> {
      const exit = await manager.entry(request.id, request.execId).process.wait();
      return { exitStatus: exit.status, exitedAt: new Date(exit.exitedAt) };
    },

    async stats({ request }: Unary<task.v1.StatsRequest>): Promise<task.v1.StatsResponse> {
      return toStatsResponse(manager.stats(request.id));
    },

    async connect({ request }: Unary<task.v1.ConnectRequest>): Promise<task.v1.ConnectResponse> {
      const { process } = manager.get(request.id).init;
      return {
        shimPid: globalThis.process.pid,
        taskPid: process.status === 'stopped' ? 0 : process.pid,
        version,
      };
    },

    async claim({ request }: Unary<task.v1.ClaimRequest>): Promise<task.v1.ClaimResponse> {
      await claim(request.id, request.maxPerShim);
      return {};
    },

    async unclaim({ request }: Unary<task.v1.UnclaimRequest>): Promise<task.v1.UnclaimResponse> {
      unclaim(request.id);
      return {};
    },

    async shutdown({ request }: Unary<task.v1.ShutdownRequest>): Promise<task.v1.ShutdownResponse> {
      shutdown(request.now);
      return {};
    },

    events(call: ServerWritableStream<task.v1.EventsRequest, task.v1.EventsResponse>): Promise<void> {
      return new Promise((resolve) => {
        const unsubscribe = events.subscribe(
          call.request.afterSequence,
          (event) => call.write({ event }),
          () => {
            call.end();
            resolve();
          },
        );
        // A subscriber going away (an engine crashing mid-stream) affects nothing else.
        call.once('cancelled', () => {
          unsubscribe();
          resolve();
        });
        call.once('close', () => {
          unsubscribe();
          resolve();
        });
      });
    },
  };
  return handlers as unknown as UntypedServiceImplementation;
}
