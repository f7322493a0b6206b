// Drives an attach or exec session over a bidi gRPC stream: the first request opens it,
// later ones carry stdin, resizes and end of input; output, detach and exit go back.
import type { ServerDuplexStream } from '@grpc/grpc-js';
import { engine } from '@berth/api';
import { InvalidOptionError } from '../errors';
import type { RunningSession } from '../engine/process-sessions';

type SessionRequest = engine.v1.AttachContainerRequest | engine.v1.ExecContainerRequest;

/** What goes back to the client: attach and exec responses share these three cases. */
type SessionOutput = NonNullable<engine.v1.AttachContainerResponse['output']>;

const OUTPUT_STREAMS = {
  stdout: engine.v1.OutputStream.OUTPUT_STREAM_STDOUT,
  stderr: engine.v1.OutputStream.OUTPUT_STREAM_STDERR,
};

/** The first request of the stream, or an error when the stream ends without one. */
export function firstRequest<Req>(call: ServerDuplexStream<Req, unknown>): Promise<Req> {
  return new Promise((resolve, reject) => {
    const onData = (request: Req) => {
      call.off('end', onEnd);
      call.pause();
      resolve(request);
    };
    const onEnd = () =>
      reject(new InvalidOptionError('request', 'the stream ended before its start message'));
    call.once('data', onData);
    call.once('end', onEnd);
  });
}

/** Runs the session until the process exits, the caller detaches, or the call is cancelled. */
export async function runSession(
  call: ServerDuplexStream<SessionRequest, unknown>,
  running: RunningSession,
  send: (output: SessionOutput) => void,
  wanted: { stdout: boolean; stderr: boolean },
): Promise<void> {
  const session = running.session!;
  let finished = false;
  const done = new Promise<'detached' | 'cancelled'>((resolve) => {
    call.on('data', (request: SessionRequest) => {
      const input = request.input;
      if (finished || !input) return;
      if (input.$case === 'stdin' && session.input(Buffer.from(input.stdin))) resolve('detached');
      if (input.$case === 'resize')
        void session.resize(input.resize.width, input.resize.height).catch(() => undefined);
      if (input.$case === 'closeStdin') void session.endInput().catch(() => undefined);
    });
    call.on('cancelled', () => resolve('cancelled'));
    call.resume();
  });
  session.pipeOutput(
    (stream, data) => !finished && send({ $case: 'chunk', chunk: { stream: OUTPUT_STREAMS[stream], data } }),
    wanted,
  );
  const outcome = await Promise.race([running.exited.then((code) => ({ code })), done]);
  if (typeof outcome === 'object') {
    await session.drain();
    finished = true;
    send({ $case: 'exit', exit: { exitCode: outcome.code } });
  } else {
    finished = true;
    if (outcome === 'detached') send({ $case: 'detached', detached: true });
  }
  await running.release();
  if (outcome !== 'cancelled') call.end();
}
