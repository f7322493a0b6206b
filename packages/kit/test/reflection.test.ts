import { join } from 'node:path';
import { Server, ServerCredentials } from '@grpc/grpc-js';
import { ReflectionService } from '@grpc/reflection';
import { health, loadBerthPackageDefinition, task } from '@berth/api';
import { dial } from '../src/client';
import { createLogger } from '../src/logger';
import { startServer, type ServerHandle } from '../src/server/start-server';
import { spawnTsChild, type TsChild } from './support/child-process';
import {
  decodeResponse,
  encodeRequest,
  reflect,
  type ReflectionMessage,
  type ReflectionVersion,
} from './support/reflection-client';
import { useTempDir } from './support/temp-dir';

const SERVED = ['berth.health.v1.Health', 'berth.task.v1.Task'];

// Every kind of reflection request, found and not found, on one stream.
const REQUESTS: ReflectionMessage[] = [
  { host: 'localhost', list_services: '*' },
  { file_containing_symbol: 'berth.health.v1.Health' },
  { file_containing_symbol: 'berth.task.v1.Task.Create' },
  { file_containing_symbol: 'berth.health.v1.ServingStatus' },
  { file_containing_symbol: 'berth.nope.v1.Nope' },
  { file_by_filename: 'berth/health/v1/health.proto' },
  { file_by_filename: 'nope.proto' },
  { file_containing_extension: { containing_type: 'google.protobuf.FieldOptions', extension_number: 50000 } },
  { all_extension_numbers_of_type: 'google.protobuf.FieldOptions' },
];

// The lazily loaded reflection of startServer against @grpc/reflection's ReflectionService set up
// the eager way (what startServer did before), both on real unix sockets.
describe('gRPC reflection', () => {
  const tempDir = useTempDir('reflection');
  const cleanups: (() => unknown)[] = [];

  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  async function startLazy(): Promise<ServerHandle> {
    const handle = await startServer({
      socketPath: join(tempDir(), 'lazy.sock'),
      component: 'test',
      version: '0.0.1',
      logger: createLogger({ component: 'test', level: 'fatal' }),
      handleSignals: false,
      services: [{ definition: task.v1.TaskService, implementation: {} }],
    });
    cleanups.push(() => handle.close());
    return handle;
  }

  async function startReference(): Promise<string> {
    const socketPath = join(tempDir(), 'reference.sock');
    const server = new Server();
    new ReflectionService(loadBerthPackageDefinition(), { services: SERVED }).addToServer(server);
    await new Promise<void>((resolve, reject) =>
      server.bindAsync(`unix:${socketPath}`, ServerCredentials.createInsecure(), (err) =>
        err ? reject(err) : resolve(),
      ),
    );
    cleanups.push(() => server.forceShutdown());
    return socketPath;
  }

  it.each<ReflectionVersion>(['v1', 'v1alpha'])(
    'answers %s requests byte for byte as @grpc/reflection does',
    async (version) => {
      const lazy = await startLazy();
      const reference = await startReference();
      const requests = REQUESTS.map(encodeRequest);

      const answers = await reflect(lazy.socketPath, version, requests);
      expect(answers).toEqual(await reflect(reference, version, requests));

      const [listed, symbol, method, enumType, missingSymbol, file, missingFile] =
        answers.map(decodeResponse);
      expect(listed!.list_services_response!.service.map((s) => s.name).sort()).toEqual(SERVED);
      expect(listed!.valid_host).toBe('localhost');
      for (const found of [symbol, method, enumType, file]) {
        expect(found!.file_descriptor_response!.file_descriptor_proto.length).toBeGreaterThan(0);
      }
      expect(missingSymbol!.error_response).toMatchObject({ error_code: 5 });
      expect(missingFile!.error_response).toEqual({
        error_code: 5,
        error_message: 'Proto file not found: nope.proto',
      });
    },
  );
});

// Laziness is about what a real process loads, so it is observed in a plain node child.
describe('gRPC reflection loading', () => {
  const tempDir = useTempDir('reflection-load');
  let child: TsChild | undefined;

  afterEach(() => {
    child?.kill();
    child = undefined;
  });

  it('loads @grpc/reflection and protobufjs only on the first reflection call', async () => {
    const socketPath = join(tempDir(), 'probe.sock');
    const probe = spawnTsChild('reflection-probe', [socketPath]);
    child = probe;
    const loaded = async () => {
      probe.child.stdin!.write('probe\n');
      return JSON.parse(await probe.nextLine()) as unknown;
    };
    expect(await probe.nextLine()).toBe('ready');

    const client = dial(health.v1.HealthClient, socketPath, { component: 'test' });
    try {
      expect(await client.call.check({ service: '' })).toEqual({
        status: health.v1.ServingStatus.SERVING_STATUS_SERVING,
      });
    } finally {
      client.close();
    }
    expect(await loaded()).toEqual({ reflection: false, protobufjs: false });

    const [answer] = await reflect(socketPath, 'v1', [encodeRequest({ list_services: '*' })]);
    expect(decodeResponse(answer!).list_services_response!.service.map((s) => s.name)).toEqual([
      'berth.health.v1.Health',
    ]);
    expect(await loaded()).toEqual({ reflection: true, protobufjs: true });
  });
});
