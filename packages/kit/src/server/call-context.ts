import { randomUUID } from 'node:crypto';
import type { Metadata } from '@grpc/grpc-js';
import { InternalError } from '../errors/classes';
import type { Logger } from '../logger';

/** Metadata key a caller may set so one id follows a request across daemons and logs. */
export const REQUEST_ID_KEY = 'berth-request-id';

export interface CallContext {
  requestId: string;
  /** Child logger with req_id and method on every record. */
  log: Logger;
}

const contexts = new WeakMap<object, CallContext>();

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** The caller's request id if it sent a sane one, else a fresh one. */
export function requestIdFrom(metadata: Metadata | undefined): string {
  const sent = metadata?.get(REQUEST_ID_KEY)[0];
  return typeof sent === 'string' && REQUEST_ID.test(sent) ? sent : randomUUID();
}

export function attachCallContext(call: object, context: CallContext): void {
  contexts.set(call, context);
}

/**
 * The request id and logger of a call served by startServer, for use inside handlers:
 * `const { log } = callContext(call); log.info({ container_id }, 'starting')`.
 */
export function callContext(call: object): CallContext {
  const context = contexts.get(call);
  if (!context) throw new InternalError('callContext: not a call served by startServer');
  return context;
}
