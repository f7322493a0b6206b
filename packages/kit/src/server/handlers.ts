import type {
  Metadata,
  MethodDefinition,
  ServerDuplexStream,
  ServerReadableStream,
  ServerUnaryCall,
  ServerWritableStream,
  ServiceDefinition,
  UntypedHandleCall,
  UntypedServiceImplementation,
  sendUnaryData,
} from '@grpc/grpc-js';
import { InternalError, UnimplementedError } from '../errors/classes';
import { isErrorCode } from '../errors/codes';
import { isServiceError, toServiceError } from '../errors/grpc-status';
import { childLogger, type Logger } from '../logger';
import { requestIdFrom } from '../request-id';
import { attachCallContext, type CallContext } from './call-context';

type AnyCall =
  | ServerUnaryCall<unknown, unknown>
  | ServerReadableStream<unknown, unknown>
  | ServerWritableStream<unknown, unknown>
  | ServerDuplexStream<unknown, unknown>;
type Handler = (call: AnyCall, callback?: sendUnaryData<unknown>) => unknown;

function isPromiseLike(value: unknown): value is PromiseLike<unknown> {
  return typeof (value as PromiseLike<unknown> | undefined)?.then === 'function';
}

function isExpected(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return isErrorCode(code) ? code !== 'Internal' : isServiceError(err);
}

function beginCall(call: AnyCall, path: string, log: Logger): CallContext {
  const requestId = requestIdFrom(call.metadata);
  const context = { requestId, log: childLogger(log, { req_id: requestId, method: path }) };
  attachCallContext(call, context);
  context.log.debug('request');
  return context;
}

// The status sent for a failure; expected errors are logged quietly, bugs loudly with stack.
function failure(err: unknown, context: CallContext) {
  if (isExpected(err)) context.log.debug({ err }, 'request failed');
  else context.log.error({ err }, 'request failed unexpectedly');
  return toServiceError(err, { requestId: context.requestId });
}

// Unary and client-streaming: answer through the callback, a returned promise's value, or a
// thrown/rejected error, exactly once.
function wrapWithCallback(handler: Handler, path: string, log: Logger): UntypedHandleCall {
  return (call: AnyCall, callback: sendUnaryData<unknown>) => {
    const context = beginCall(call, path, log);
    let answered = false;
    const respond = (err: unknown, value?: unknown, trailer?: Metadata, flags?: number): void => {
      if (answered) return;
      answered = true;
      if (err) callback(failure(err, context));
      else callback(null, value, trailer, flags);
    };
    try {
      const result = handler(call, respond);
      if (isPromiseLike(result)) {
        result.then(
          (value) => value !== undefined && respond(null, value),
          (err: unknown) => respond(err ?? new InternalError('handler rejected without a reason')),
        );
      }
    } catch (err) {
      respond(err);
    }
  };
}

// Server- and bidi-streaming: a thrown/rejected error ends the stream with its status.
function wrapStreaming(handler: Handler, path: string, log: Logger): UntypedHandleCall {
  return (call: ServerWritableStream<unknown, unknown> | ServerDuplexStream<unknown, unknown>) => {
    const context = beginCall(call, path, log);
    const fail = (err: unknown) => call.emit('error', failure(err, context));
    try {
      const result = handler(call);
      if (isPromiseLike(result)) result.then(undefined, fail);
    } catch (err) {
      fail(err);
    }
  };
}

/**
 * The implementation grpc-js gets: each handler of `implementation` wrapped so that every call
 * has a request id and child logger (see callContext), and whatever it throws, rejects or
 * passes to its callback is sent as the matching gRPC status (toServiceError), never a crash
 * or a hung call. Handlers may be async and return the response instead of calling back.
 */
export function wrapImplementation(
  definition: ServiceDefinition,
  implementation: UntypedServiceImplementation,
  log: Logger,
): UntypedServiceImplementation {
  const wrapped: UntypedServiceImplementation = {};
  for (const [name, method] of Object.entries(definition) as [string, MethodDefinition<unknown, unknown>][]) {
    const handler = (implementation[name] ??
      (() => {
        throw new UnimplementedError(`${method.path} is not implemented`);
      })) as Handler;
    wrapped[name] = method.responseStream
      ? wrapStreaming(handler, method.path, log)
      : wrapWithCallback(handler, method.path, log);
  }
  return wrapped;
}

/** The fully qualified service name of a definition, from its methods' paths. */
export function serviceNameOf(definition: ServiceDefinition): string {
  const first = Object.values(definition)[0] as MethodDefinition<unknown, unknown> | undefined;
  const match = first && /^\/([^/]+)\//.exec(first.path);
  if (!match) throw new InternalError('service definition has no methods');
  return match[1]!;
}
