import type { ServiceError } from '@grpc/grpc-js';
import { isConnectFailure } from '@berth/api';
import { EngineError } from '../errors';

// grpc-js status numbers; their names are what EngineError.status holds.
const STATUS_NAMES = [
  'OK',
  'CANCELLED',
  'UNKNOWN',
  'INVALID_ARGUMENT',
  'DEADLINE_EXCEEDED',
  'NOT_FOUND',
  'ALREADY_EXISTS',
  'PERMISSION_DENIED',
  'RESOURCE_EXHAUSTED',
  'FAILED_PRECONDITION',
  'ABORTED',
  'OUT_OF_RANGE',
  'UNIMPLEMENTED',
  'INTERNAL',
  'UNAVAILABLE',
  'DATA_LOSS',
  'UNAUTHENTICATED',
];
const UNIMPLEMENTED = 12;

function isServiceError(err: unknown): err is ServiceError {
  return err instanceof Error && typeof (err as Partial<ServiceError>).code === 'number' && 'details' in err;
}

/**
 * Turns a failed engine call into an EngineError carrying the engine's own message; a socket
 * nobody answers on becomes the docker-like "cannot connect" message.
 */
export function toEngineError(err: unknown, socketPath: string): unknown {
  if (!isServiceError(err)) return err;
  const status = STATUS_NAMES[err.code] ?? 'UNKNOWN';
  if (isConnectFailure(err)) {
    const why = /EACCES/.test(err.details) ? 'permission denied' : 'is berthd running?';
    return new EngineError(
      `cannot connect to the Berth engine at unix://${socketPath}: ${why}`,
      status,
      'EngineUnavailable',
    );
  }
  if (err.code === UNIMPLEMENTED) {
    return new EngineError(
      `the engine does not support this call (${err.details || 'unimplemented'}); is berthd older than berth?`,
      status,
    );
  }
  return new EngineError(err.details || err.message, status);
}
