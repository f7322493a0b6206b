import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Server, ServerCredentials } from '@grpc/grpc-js';
import { createHealthClient, health } from '../src/index';

// A real grpc-js server on a real unix socket: the generated client must reach it by path.
describe('createHealthClient', () => {
  let dir: string;
  let server: Server;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'berth-api-'));
    server = new Server();
  });

  afterEach(() => {
    server.forceShutdown();
    rmSync(dir, { recursive: true, force: true });
  });

  it('calls Check over a unix socket', async () => {
    const socketPath = join(dir, 'h.sock');
    const implementation: health.v1.HealthServer = {
      check: (call, callback) =>
        callback(null, {
          status:
            call.request.service === ''
              ? health.v1.ServingStatus.SERVING_STATUS_SERVING
              : health.v1.ServingStatus.SERVING_STATUS_UNKNOWN,
        }),
      version: (_call, callback) =>
        callback(null, health.v1.VersionResponse.fromPartial({ component: 'test' })),
    };
    server.addService(health.v1.HealthService, implementation);
    await new Promise<void>((resolve, reject) =>
      server.bindAsync(`unix:${socketPath}`, ServerCredentials.createInsecure(), (err) =>
        err ? reject(err) : resolve(),
      ),
    );

    const client = createHealthClient(socketPath);
    try {
      const check = (service: string) =>
        new Promise<health.v1.CheckResponse>((resolve, reject) =>
          client.check({ service }, (err, res) => (err ? reject(err) : resolve(res))),
        );
      expect((await check('')).status).toBe(health.v1.ServingStatus.SERVING_STATUS_SERVING);
      expect((await check('berth.nope.v1.Nope')).status).toBe(health.v1.ServingStatus.SERVING_STATUS_UNKNOWN);
    } finally {
      client.close();
    }
  });
});
