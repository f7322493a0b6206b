import { InternalError } from '../errors/classes';
import type { Logger } from '../logger';

export interface CallContext {
  requestId: string;
  /** Child logger with req_id and method on every record. */
  log: Logger;
}

const contexts = new WeakMap<object, CallContext>();

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
