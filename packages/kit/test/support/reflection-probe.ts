import { createInterface } from 'node:readline';
import { createLogger } from '../../src/logger';
import { startServer } from '../../src/server/start-server';
import { EchoService } from './echo-service';
import { echoImplementation } from './echo-implementation';

// Serves Echo on argv[2] and prints "ready"; then, for each line on stdin, prints as JSON whether
// gRPC reflection's heavy modules have been loaded into this process so far.
function loaded(fragment: string): boolean {
  return Object.keys(require.cache).some((file) => file.includes(fragment));
}

async function main(socketPath: string): Promise<void> {
  const handle = await startServer({
    socketPath,
    component: 'test',
    version: '0.0.1',
    logger: createLogger({ component: 'test', level: 'fatal' }),
    services: [{ definition: EchoService, implementation: echoImplementation }],
  });
  process.stdout.write('ready\n');
  const lines = createInterface({ input: process.stdin });
  lines.on('line', () => {
    const state = {
      reflection: loaded('/node_modules/@grpc/reflection/'),
      protobufjs: loaded('/node_modules/protobufjs/'),
    };
    process.stdout.write(`${JSON.stringify(state)}\n`);
  });
  lines.on('close', () => void handle.close());
  await handle.closed;
}

main(process.argv[2]!).catch((err: Error) => {
  process.stdout.write(`error: ${err.message}\n`);
  process.exit(1);
});
