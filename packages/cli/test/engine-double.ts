// A test double of berthd's API contract: a real grpc-js server on a real unix socket in a
// temporary directory, serving the generated berth.engine.v1 service definitions with whatever
// handlers a test supplies (others answer UNIMPLEMENTED). The CLI under test is the real main()
// with in-memory stdio, so flag parsing, the gRPC client, rendering and exit codes all run.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import {
  Metadata,
  Server,
  ServerCredentials,
  status,
  type ServiceError,
  type UntypedServiceImplementation,
} from '@grpc/grpc-js';
import { engine } from '@berth/api';
import { main } from '../src/main';

export interface EngineHandlers {
  containers?: Partial<engine.v1.ContainersServer>;
  images?: Partial<engine.v1.ImagesServer>;
  networks?: Partial<engine.v1.NetworksServer>;
  volumes?: Partial<engine.v1.VolumesServer>;
  system?: Partial<engine.v1.SystemServer>;
}

export interface EngineDouble {
  socket: string;
  close(): Promise<void>;
}

export async function startEngineDouble(handlers: EngineHandlers): Promise<EngineDouble> {
  const dir = mkdtempSync(join(tmpdir(), 'berth-cli-'));
  const socket = join(dir, 'engine.sock');
  const server = new Server();
  // grpc-js answers UNIMPLEMENTED for the methods a test leaves out.
  const partial = (impl: object | undefined) => (impl ?? {}) as UntypedServiceImplementation;
  server.addService(engine.v1.ContainersService, partial(handlers.containers));
  server.addService(engine.v1.ImagesService, partial(handlers.images));
  server.addService(engine.v1.NetworksService, partial(handlers.networks));
  server.addService(engine.v1.VolumesService, partial(handlers.volumes));
  server.addService(engine.v1.SystemService, partial(handlers.system));
  await new Promise<void>((resolve, reject) =>
    server.bindAsync(`unix:${socket}`, ServerCredentials.createInsecure(), (err) =>
      err ? reject(err) : resolve(),
    ),
  );
  return {
    socket,
    close: async () => {
      server.forceShutdown();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A gRPC error as the engine sends them. */
export function grpcError(code: status, details: string): ServiceError {
  return Object.assign(new Error(`${code} ${status[code]}: ${details}`), {
    code,
    details,
    metadata: new Metadata(),
  });
}

export interface BerthResult {
  code: number;
  stdout: string;
  stderr: string;
}

export const FIXED_NOW = new Date('2026-11-23T12:00:00Z');

/** Runs `berth -H unix://<socket> ...argv` in-process and collects its output. */
export async function berth(
  socket: string,
  argv: string[],
  options: { stdin?: string; env?: NodeJS.ProcessEnv } = {},
): Promise<BerthResult> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const stdin = new PassThrough();
  const collect = (stream: PassThrough) => {
    const chunks: Buffer[] = [];
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    return () => Buffer.concat(chunks).toString();
  };
  const out = collect(stdout);
  const err = collect(stderr);
  if (options.stdin !== undefined) stdin.end(options.stdin);
  const code = await main(
    ['-H', `unix://${socket}`, ...argv],
    { stdout, stderr, stdin, env: options.env ?? {} },
    { now: () => FIXED_NOW },
  );
  return { code, stdout: out(), stderr: err() };
}
