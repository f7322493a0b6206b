import type { ServerUnaryCall, ServerWritableStream, sendUnaryData } from '@grpc/grpc-js';
import { NotFoundError } from '../../src/errors/classes';
import { toServiceError } from '../../src/errors/grpc-status';
import { callContext } from '../../src/server/call-context';
import type { EchoMessage } from './echo-service';

class DuckTypedError extends Error {
  readonly code = 'FailedPrecondition';
  readonly reason = 'CONTAINER_RUNNING';
}

const sigterm = new Promise<void>((resolve) => process.once('SIGTERM', () => resolve()));

export const echoImplementation = {
  echo(call: ServerUnaryCall<EchoMessage, EchoMessage>, callback: sendUnaryData<EchoMessage>) {
    callback(null, { text: `${call.request.text ?? ''} (request ${callContext(call).requestId})` });
  },
  async fail(call: ServerUnaryCall<EchoMessage, EchoMessage>, callback: sendUnaryData<EchoMessage>) {
    switch (call.request.kind) {
      case 'not-found':
        throw new NotFoundError('container web not found', {
          reason: 'CONTAINER_NOT_FOUND',
          details: { id: 'web' },
        });
      case 'duck-typed':
        throw new DuckTypedError('container web is running');
      case 'callback':
        // Callback-style handlers pass statuses, so a BerthError goes through toServiceError.
        callback(toServiceError(new NotFoundError('passed to the callback')));
        return;
      case 'async':
        await Promise.resolve();
        return { text: 'returned' };
      default:
        throw new TypeError('secret internals');
    }
  },
  async hold(call: ServerUnaryCall<EchoMessage, EchoMessage>) {
    if (call.request.until === 'never') await new Promise(() => undefined);
    await sigterm;
    return { text: 'finished' };
  },
  count(call: ServerWritableStream<EchoMessage, EchoMessage>) {
    const n = call.request.count ?? 0;
    for (let i = 0; i < n; i++) call.write({ count: i });
    if (call.request.kind === 'bug')
      throw new NotFoundError('stream source vanished', { reason: 'SOURCE_GONE' });
    call.end();
  },
};
