import {
  Metadata,
  status as GrpcStatus,
  type CallOptions,
  type Client,
  type ClientUnaryCall,
  type MethodDefinition,
  type ServiceDefinition,
  type ServiceError,
} from '@grpc/grpc-js';
import { connectUnix, type ConnectOptions, type ServiceClientConstructor } from '@berth/api';
import { UnavailableError } from './errors/classes';
import { ERROR_CODE_KEY, fromServiceError, isServiceError } from './errors/grpc-status';
import { REQUEST_ID_KEY } from './request-id';
import { probeUnixSocket } from './socket-probe';

export const DEFAULT_CALL_DEADLINE_MS = 30_000;
export const DEFAULT_READY_TIMEOUT_MS = 5_000;

export interface CallSettings {
  /** Milliseconds the call may take; Infinity for none. Default: the client's. */
  deadlineMs?: number;
  metadata?: Metadata;
  /** Sent as berth-request-id so the daemon's log lines for this call carry it. */
  requestId?: string;
}

type UnaryMethod<F> = F extends (
  request: infer Req,
  metadata: Metadata,
  options: Partial<CallOptions>,
  callback: (error: ServiceError | null, response: infer Res) => void,
) => ClientUnaryCall
  ? (request: Req, settings?: CallSettings) => Promise<Res>
  : never;

/** The unary methods of a generated client, as promises that reject with BerthErrors. */
export type PromiseClient<C> = {
  [K in keyof C as UnaryMethod<C[K]> extends never ? never : K]: UnaryMethod<C[K]>;
};

export interface DialOptions extends ConnectOptions {
  /** Name of the daemon, for messages: "images is not running at /run/berth/images.sock". */
  component: string;
  /** Default per-call deadline. Default 30 s. */
  deadlineMs?: number;
}

export interface BerthClient<C extends Client> {
  /** The generated grpc-js client, for streaming calls (map their errors with toBerthError). */
  readonly raw: C;
  /** Unary calls as promises with deadlines and errors mapped back to BerthErrors. */
  readonly call: PromiseClient<C>;
  /** Waits until the daemon accepts connections, or fails with "<component> is not running". */
  waitForReady(timeoutMs?: number): Promise<void>;
  /** The BerthError a failed call stands for (see mapCallError). */
  toBerthError(err: unknown): Promise<Error>;
  close(): void;
}

/** A generated client constructor; grpc-js puts the service definition on it. */
export type DialableClient<C extends Client> = ServiceClientConstructor<C> & {
  readonly service: ServiceDefinition;
};

type UntypedUnaryMethod = (
  request: unknown,
  metadata: Metadata,
  options: Partial<CallOptions>,
  callback: (error: ServiceError | null, response: unknown) => void,
) => ClientUnaryCall;

function notRunning(component: string, socketPath: string, cause?: unknown): UnavailableError {
  return new UnavailableError(`${component} is not running at ${socketPath}`, {
    reason: 'DAEMON_NOT_RUNNING',
    details: { socket: socketPath },
    cause,
  });
}

/**
 * A failed call's error as a BerthError. A transport-level UNAVAILABLE (no Berth code in the
 * trailers) with nothing listening at the socket (missing, or refusing connections) becomes
 * "<component> is not running at <path>"; everything else is rebuilt by fromServiceError.
 */
async function mapCallError(err: unknown, component: string, socketPath: string): Promise<Error> {
  if (!isServiceError(err)) return err instanceof Error ? err : new Error(String(err));
  const sentByBerth = err.metadata?.get(ERROR_CODE_KEY).length;
  if (err.code === GrpcStatus.UNAVAILABLE && !sentByBerth) {
    const state = await probeUnixSocket(socketPath).catch(() => 'live' as const);
    if (state !== 'live') return notRunning(component, socketPath, err);
  }
  return fromServiceError(err);
}

function deadlineFrom(ms: number): Date | number {
  return Number.isFinite(ms) ? Date.now() + ms : Infinity;
}

/**
 * Connects to a Berth daemon's service on a unix socket:
 * `const images = dial(images.v1.ImagesClient, paths.socket, { component: 'images' });
 *  const res = await images.call.list({});`
 */
export function dial<C extends Client>(
  ctor: DialableClient<C>,
  socketPath: string,
  options: DialOptions,
): BerthClient<C> {
  const { component } = options;
  const raw = connectUnix(ctor, socketPath, options);
  const defaultDeadlineMs = options.deadlineMs ?? DEFAULT_CALL_DEADLINE_MS;
  const toBerthError = (err: unknown) => mapCallError(err, component, socketPath);

  const call: Record<string, unknown> = {};
  for (const [name, method] of Object.entries(ctor.service) as [
    string,
    MethodDefinition<unknown, unknown>,
  ][]) {
    if (method.requestStream || method.responseStream) continue;
    const invoke = (raw as unknown as Record<string, UntypedUnaryMethod>)[name]!.bind(raw);
    call[name] = (request: unknown, settings: CallSettings = {}) => {
      const metadata = settings.metadata?.clone() ?? new Metadata();
      if (settings.requestId) metadata.set(REQUEST_ID_KEY, settings.requestId);
      const deadline = deadlineFrom(settings.deadlineMs ?? defaultDeadlineMs);
      return new Promise((resolve, reject) => {
        invoke(request, metadata, { deadline }, (error, response) => {
          if (error) void toBerthError(error).then(reject);
          else resolve(response);
        });
      });
    };
  }

  return {
    raw,
    call: call as PromiseClient<C>,
    toBerthError,
    waitForReady(timeoutMs = DEFAULT_READY_TIMEOUT_MS) {
      return new Promise((resolve, reject) => {
        raw.waitForReady(deadlineFrom(timeoutMs), (err) => {
          if (!err) return resolve();
          void probeUnixSocket(socketPath)
            .catch(() => 'live' as const)
            .then((state) =>
              reject(
                state === 'live'
                  ? new UnavailableError(
                      `${component} at ${socketPath} did not become ready within ${timeoutMs} ms`,
                      {
                        reason: 'DAEMON_NOT_READY',
                        details: { socket: socketPath },
                        cause: err,
                      },
                    )
                  : notRunning(component, socketPath, err),
              ),
            );
        });
      });
    },
    close() {
      raw.close();
    },
  };
}
