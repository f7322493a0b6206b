import { createLogger } from '../../src/logger';
import { startServer } from '../../src/server/start-server';
import { EchoService } from './echo-service';
import { echoImplementation } from './echo-implementation';

// A minimal Berth daemon: serves Echo on argv[2] and prints "ready" once listening; argv[3] is the
// shutdown grace in ms. Ends on SIGTERM the way real daemons do: main awaits `closed`.
async function main(socketPath: string, graceMs: string | undefined): Promise<void> {
  const logger = createLogger({ component: 'test', level: 'fatal' });
  const handle = await startServer({
    socketPath,
    component: 'test',
    version: '0.0.1',
    logger,
    services: [{ definition: EchoService, implementation: echoImplementation }],
    ...(graceMs ? { shutdownGraceMs: Number(graceMs) } : {}),
  });
  process.stdout.write('ready\n');
  await handle.closed;
  process.stdout.write('closed\n');
}

main(process.argv[2]!, process.argv[3]).catch((err: Error) => {
  process.stdout.write(`error: ${err.message}\n`);
  process.exit(1);
});
