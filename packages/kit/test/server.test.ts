import { existsSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import {
  credentials,
  loadPackageDefinition,
  type ClientDuplexStream,
  type GrpcObject,
  type ServiceClientConstructor,
} from '@grpc/grpc-js';
import { loadSync } from '@grpc/proto-loader';
import { health } from '@berth/api';
import { dial } from '../src/client';
import {
  DeadlineExceededError,
  FailedPreconditionError,
  InternalError,
  NotFoundError,
} from '../src/errors/classes';
import { createLogger } from '../src/logger';
import { startServer, type ServerHandle } from '../src/server/start-server';
import { EchoClient, EchoService, type EchoMessage } from './support/echo-service';
import { echoImplementation } from './support/echo-implementation';
import { useTempDir } from './support/temp-dir';

// A real server on a real unix socket in a temp dir, called by real grpc-js clients.
describe('startServer', () => {
  const tempDir = useTempDir('server');
  const logLines: Record<string, unknown>[] = [];
  let handle: ServerHandle | undefined;
  const closers: (() => void)[] = [];

  function logger() {
    const stream = new PassThrough();
    stream.on('data', (chunk: Buffer) =>
      chunk
        .toString()
        .split('\n')
        .filter(Boolean)
        .forEach((line) => logLines.push(JSON.parse(line))),
    );
    return createLogger({ component: 'test', level: 'debug', stream });
  }

  async function start(socketPath = join(tempDir(), 'run', 'test.sock')) {
    handle = await startServer({
      socketPath,
      component: 'test',
      version: '1.2.3',
      revision: 'abc123',
      logger: logger(),
      handleSignals: false,
      services: [{ definition: EchoService, implementation: echoImplementation }],
    });
    return handle;
  }

  function echoClient(socketPath: string) {
    const client = dial(EchoClient, socketPath, { component: 'test' });
    closers.push(() => client.close());
    return client;
  }

  afterEach(async () => {
    closers.splice(0).forEach((close) => close());
    await handle?.close();
    handle = undefined;
    logLines.length = 0;
  });

  it('creates the socket with mode 0660 in a new 0755 directory', async () => {
    const { socketPath } = await start();
    expect(statSync(socketPath).isSocket()).toBe(true);
    expect(statSync(socketPath).mode & 0o777).toBe(0o660);
    expect(statSync(join(tempDir(), 'run')).mode & 0o777).toBe(0o755);
  });

  it('serves Health.Check and Health.Version', async () => {
    const { socketPath } = await start();
    const client = dial(health.v1.HealthClient, socketPath, { component: 'test' });
    closers.push(() => client.close());
    expect(await client.call.check({ service: '' })).toEqual({
      status: health.v1.ServingStatus.SERVING_STATUS_SERVING,
    });
    expect(await client.call.check({ service: 'berth.test.v1.Echo' })).toEqual({
      status: health.v1.ServingStatus.SERVING_STATUS_SERVING,
    });
    expect(await client.call.check({ service: 'berth.nope.v1.Nope' })).toEqual({
      status: health.v1.ServingStatus.SERVING_STATUS_UNKNOWN,
    });
    const version = await client.call.version({});
    expect(version).toMatchObject({
      component: 'test',
      version: '1.2.3',
      revision: 'abc123',
      nodeVersion: process.version,
      os: 'linux',
      apiVersions: ['berth.health.v1.Health', 'berth.test.v1.Echo'],
      pid: process.pid,
    });
    expect(version.startedAt).toBeInstanceOf(Date);
  });

  it('serves gRPC reflection from the descriptor set', async () => {
    const { socketPath } = await start();
    const reflectionProto =
      require.resolve('@grpc/reflection/build/proto/grpc/reflection/v1/reflection.proto');
    const pkg = loadPackageDefinition(
      loadSync(reflectionProto, { keepCase: true, oneofs: true }),
    ) as GrpcObject;
    const Reflection = ((pkg.grpc as GrpcObject).reflection as GrpcObject).v1 as GrpcObject;
    const ServerReflection = Reflection.ServerReflection as ServiceClientConstructor;
    const client = new ServerReflection(`unix:${socketPath}`, credentials.createInsecure());
    closers.push(() => client.close());

    interface ReflectionResponse {
      list_services_response?: { service: { name: string }[] };
      file_descriptor_response?: { file_descriptor_proto: Buffer[] };
    }
    const ask = (request: object) =>
      new Promise<ReflectionResponse>((resolve, reject) => {
        const stream = (
          client as unknown as { ServerReflectionInfo(): ClientDuplexStream<object, ReflectionResponse> }
        ).ServerReflectionInfo();
        stream.on('data', (response: ReflectionResponse) => {
          resolve(response);
          stream.end();
        });
        stream.on('error', reject);
        stream.write(request);
      });

    const listed = await ask({ list_services: '' });
    const names = listed.list_services_response!.service.map((s) => s.name);
    expect(names).toContain('berth.health.v1.Health');

    const file = await ask({ file_containing_symbol: 'berth.health.v1.Health' });
    expect(file.file_descriptor_response!.file_descriptor_proto.length).toBeGreaterThan(0);
  });

  it('maps thrown BerthErrors to statuses that come back as the same class', async () => {
    const { socketPath } = await start();
    const client = echoClient(socketPath);
    const { call } = client;

    const notFound = await call.fail({ kind: 'not-found' }).catch((err: unknown) => err);
    expect(notFound).toBeInstanceOf(NotFoundError);
    expect(notFound).toMatchObject({
      message: 'container web not found',
      reason: 'CONTAINER_NOT_FOUND',
      details: { id: 'web' },
    });

    await expect(call.fail({ kind: 'duck-typed' })).rejects.toThrow(FailedPreconditionError);
    await expect(call.fail({ kind: 'callback' })).rejects.toThrow('passed to the callback');
    await expect(call.fail({ kind: 'async' })).resolves.toEqual({ text: 'returned' });
  });

  it('answers a bug with INTERNAL and a request id, logging the real error', async () => {
    const { socketPath } = await start();
    const { call } = echoClient(socketPath);
    const err = (await call.fail({ kind: 'bug' }).catch((e: unknown) => e)) as InternalError;
    expect(err).toBeInstanceOf(InternalError);
    expect(err.message).toMatch(/^internal error \(request [0-9a-f-]+; see the daemon log\)$/);
    const requestId = /request ([0-9a-f-]+)/.exec(err.message)![1];
    const logged = logLines.find((line) => line.msg === 'request failed unexpectedly');
    expect(logged).toMatchObject({ req_id: requestId, method: '/berth.test.v1.Echo/Fail', level: 50 });
    expect((logged!.err as { message: string }).message).toBe('secret internals');
  });

  it('uses the request id the caller sends', async () => {
    const { socketPath } = await start();
    const { call } = echoClient(socketPath);
    expect(await call.echo({ text: 'hi' }, { requestId: 'cli-42' })).toEqual({ text: 'hi (request cli-42)' });
  });

  it('gives calls the deadline they ask for', async () => {
    const { socketPath } = await start();
    await expect(echoClient(socketPath).call.hold({ until: 'never' }, { deadlineMs: 50 })).rejects.toThrow(
      DeadlineExceededError,
    );
  });

  it('ends a stream with the status of the error its handler throws', async () => {
    const { socketPath } = await start();
    const client = echoClient(socketPath);
    const received: EchoMessage[] = [];
    const error = await new Promise<unknown>((resolve) => {
      const stream = client.raw.count({ count: 2, kind: 'bug' });
      stream.on('data', (message: EchoMessage) => received.push(message));
      stream.on('error', resolve);
      stream.on('end', () => resolve(undefined));
    });
    expect(received).toEqual([{ count: 0 }, { count: 1 }]);
    const mapped = await client.toBerthError(error);
    expect(mapped).toBeInstanceOf(NotFoundError);
    expect(mapped).toMatchObject({ message: 'stream source vanished', reason: 'SOURCE_GONE' });
  });

  it('removes its socket on close', async () => {
    const { socketPath, close } = await start();
    await close();
    expect(existsSync(socketPath)).toBe(false);
  });

  it('refuses a socket path the kernel would truncate', async () => {
    const long = join(tempDir(), 'x'.repeat(120) + '.sock');
    await expect(start(long)).rejects.toThrow(/is \d+ bytes long; the limit is 107/);
    handle = undefined;
  });

  it('refuses to replace a file that is not a socket', async () => {
    const path = join(tempDir(), 'file.sock');
    writeFileSync(path, 'data');
    await expect(start(path)).rejects.toThrow(`${path} exists and is not a socket`);
    handle = undefined;
  });

  it('rejects a socket path with a NUL byte as an invalid argument', async () => {
    await expect(start(join(tempDir(), 'a\0b'))).rejects.toMatchObject({ code: 'InvalidArgument' });
    handle = undefined;
  });
});
