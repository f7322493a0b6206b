// The light client against a real grpc-js server on a unix socket: every call shape, large
// messages both ways (flow control), slow readers, errors, cancellation, lost connections.
import * as grpc from '@grpc/grpc-js';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isConnectFailure } from '../connect';
import { Client, makeGenericClientConstructor, Metadata, status, type ServiceError } from './index';

const raw = (value: Buffer) => value;
const method = (name: string, requestStream: boolean, responseStream: boolean) => ({
  path: `/test.Lite/${name}`,
  requestStream,
  responseStream,
  requestSerialize: raw,
  requestDeserialize: raw,
  responseSerialize: raw,
  responseDeserialize: raw,
});
const SERVICE = {
  echo: method('Echo', false, false),
  fail: method('Fail', false, false),
  download: method('Download', false, true),
  upload: method('Upload', true, false),
  chat: method('Chat', true, true),
  hang: method('Hang', false, true),
};

interface LiteClient extends Client {
  echo(request: Buffer, callback: (error: ServiceError | null, value?: Buffer) => void): unknown;
  echo(
    request: Buffer,
    metadata: Metadata,
    callback: (error: ServiceError | null, value?: Buffer) => void,
  ): unknown;
  fail(request: Buffer, callback: (error: ServiceError | null, value?: Buffer) => void): unknown;
  download(request: Buffer): NodeJS.ReadableStream & { cancel(): void };
  upload(callback: (error: ServiceError | null, value?: Buffer) => void): NodeJS.WritableStream;
  chat(): NodeJS.ReadWriteStream & { cancel(): void };
  hang(request: Buffer): NodeJS.ReadableStream & { cancel(): void };
}
const LiteClient = makeGenericClientConstructor(SERVICE, 'test.Lite') as unknown as new (
  address: string,
  credentials: unknown,
  options?: object,
) => LiteClient;

const unary = (call: (callback: (error: ServiceError | null, value?: Buffer) => void) => unknown) =>
  new Promise<Buffer>((resolve, reject) => call((error, value) => (error ? reject(error) : resolve(value!))));

let dir: string;
let socket: string;
let server: grpc.Server;
let hangCancelled: Promise<void>;
let markHangCancelled: () => void;
const clients: Client[] = [];

function connectClient(path = socket): LiteClient {
  const client = new LiteClient(`unix:${path}`, {});
  clients.push(client);
  return client;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'berth-grpc-lite-'));
  socket = join(dir, 'server.sock');
  hangCancelled = new Promise((resolve) => (markHangCancelled = resolve));
  server = new grpc.Server();
  server.addService(SERVICE, {
    echo: (call: grpc.ServerUnaryCall<Buffer, Buffer>, callback: grpc.sendUnaryData<Buffer>) => {
      const trailer = new grpc.Metadata();
      trailer.set('x-seen', String(call.metadata.get('x-tag')[0] ?? ''));
      callback(null, call.request, trailer);
    },
    fail: (_call: unknown, callback: grpc.sendUnaryData<Buffer>) =>
      callback({ code: grpc.status.NOT_FOUND, details: 'no such thing: ünïcode 100% ' }),
    download: (call: grpc.ServerWritableStream<Buffer, Buffer>) => {
      const count = call.request.readUInt32BE(0);
      const size = call.request.readUInt32BE(4);
      call.sendMetadata(new grpc.Metadata());
      let sent = 0;
      const pump = () => {
        while (sent < count) {
          const chunk = Buffer.alloc(size, sent % 251);
          sent++;
          if (!call.write(chunk)) return void call.once('drain', pump);
        }
        call.end();
      };
      pump();
    },
    upload: (call: grpc.ServerReadableStream<Buffer, Buffer>, callback: grpc.sendUnaryData<Buffer>) => {
      const hash = createHash('sha256');
      let bytes = 0;
      call.on('data', (chunk: Buffer) => {
        hash.update(chunk);
        bytes += chunk.length;
      });
      call.on('end', () => callback(null, Buffer.from(`${bytes}:${hash.digest('hex')}`)));
    },
    chat: (call: grpc.ServerDuplexStream<Buffer, Buffer>) => {
      call.sendMetadata(new grpc.Metadata());
      call.on('data', (chunk: Buffer) => call.write(Buffer.from(`re:${chunk}`)));
      call.on('end', () => call.end());
    },
    hang: (call: grpc.ServerWritableStream<Buffer, Buffer>) => {
      call.write(Buffer.from('first'));
      call.on('cancelled', () => markHangCancelled());
    },
  });
  await new Promise<void>((resolve, reject) =>
    server.bindAsync(`unix:${socket}`, grpc.ServerCredentials.createInsecure(), (err) =>
      err ? reject(err) : resolve(),
    ),
  );
});

afterAll(async () => {
  for (const client of clients) client.close();
  await new Promise<void>((resolve) => server.tryShutdown(() => resolve()));
  rmSync(dir, { recursive: true, force: true });
});

describe('light gRPC client', () => {
  it('makes unary calls, small and larger than every window, with metadata both ways', async () => {
    const client = connectClient();
    expect((await unary((cb) => client.echo(Buffer.from('ping'), cb))).toString()).toBe('ping');
    const big = Buffer.alloc(3 << 20, 7);
    expect((await unary((cb) => client.echo(big, cb))).equals(big)).toBe(true);
    const metadata = new Metadata();
    metadata.set('x-tag', 'tagged');
    const statuses: Array<{ metadata: Metadata }> = [];
    await new Promise<void>((resolve, reject) => {
      const call = client.echo(Buffer.from('m'), metadata, (error) =>
        error ? reject(error) : resolve(),
      ) as {
        on(event: 'status', listener: (value: { metadata: Metadata }) => void): void;
      };
      call.on('status', (value) => statuses.push(value));
    });
    expect(statuses[0].metadata.get('x-seen')).toEqual(['tagged']);
  });

  it('reports a failed call as grpc-js does: code, decoded details, message', async () => {
    const client = connectClient();
    const error = (await unary((cb) => client.fail(Buffer.from('x'), cb)).catch(
      (err) => err,
    )) as ServiceError;
    expect(error.code).toBe(status.NOT_FOUND);
    expect(error.details).toBe('no such thing: ünïcode 100% ');
    expect(error.message).toBe('5 NOT_FOUND: no such thing: ünïcode 100% ');
  });

  it('streams many messages to a reader that pauses, without losing or reordering any', async () => {
    const client = connectClient();
    const request = Buffer.alloc(8);
    request.writeUInt32BE(400, 0);
    request.writeUInt32BE(64 << 10, 4);
    const stream = client.download(request);
    let metadataSeen = false;
    stream.on('metadata', () => (metadataSeen = true));
    let index = 0;
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      expect(chunk.length).toBe(64 << 10);
      expect(chunk[0]).toBe(index % 251);
      index++;
      // A slow reader: the server must wait for window updates, not overrun us.
      if (index % 50 === 0) await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(index).toBe(400);
    expect(metadataSeen).toBe(true);
  });

  it('uploads more than the peer windows with backpressure, then gets the one response', async () => {
    const client = connectClient();
    const expected = createHash('sha256');
    let total = 0;
    const response = await unary((cb) => {
      const stream = client.upload(cb);
      let i = 0;
      const pump = () => {
        while (i < 200) {
          const chunk = Buffer.alloc(50_000, i++);
          expected.update(chunk);
          total += chunk.length;
          if (!stream.write(chunk)) return void stream.once('drain', pump);
        }
        stream.end();
      };
      pump();
    });
    expect(response.toString()).toBe(`${total}:${expected.digest('hex')}`);
  });

  it('talks both ways on one stream, emits metadata first, and ends after the half-close', async () => {
    const client = connectClient();
    const stream = client.chat();
    const answers: string[] = [];
    const order: string[] = [];
    stream.once('metadata', () => order.push('metadata'));
    stream.on('data', (chunk: Buffer) => {
      order.push('data');
      answers.push(chunk.toString());
      if (answers.length === 1) stream.write(Buffer.from('two'));
      else stream.end();
    });
    const ended = new Promise((resolve, reject) => {
      stream.on('end', resolve);
      stream.on('error', reject);
    });
    stream.write(Buffer.from('one'));
    await ended;
    expect(answers).toEqual(['re:one', 're:two']);
    expect(order[0]).toBe('metadata');
  });

  it('cancels a call: the server hears it, the client gets CANCELLED', async () => {
    const client = connectClient();
    const stream = client.hang(Buffer.from('x'));
    const error = new Promise<ServiceError>((resolve) => stream.on('error', resolve));
    await new Promise((resolve) => stream.once('data', resolve));
    stream.cancel();
    expect((await error).code).toBe(status.CANCELLED);
    await hangCancelled;
  });

  it('fails fast with UNAVAILABLE when nobody listens, which isConnectFailure recognises', async () => {
    const client = connectClient(join(dir, 'nobody.sock'));
    const error = (await unary((cb) => client.echo(Buffer.from('x'), cb)).catch(
      (err) => err,
    )) as ServiceError;
    expect(error.code).toBe(status.UNAVAILABLE);
    expect(error.details).toMatch(/No connection established.*ENOENT/);
    expect(isConnectFailure(error)).toBe(true);
  });

  it('shares one channel between clients; a lost connection fails its calls, the next call redials', async () => {
    const first = connectClient();
    const second = new LiteClient('', {}, { channelOverride: first.getChannel() });
    expect((await unary((cb) => second.echo(Buffer.from('shared'), cb))).toString()).toBe('shared');
    // A second server on its own socket dies under a call in flight.
    const lonely = join(dir, 'lonely.sock');
    const doomed = new grpc.Server();
    doomed.addService(SERVICE, {
      hang: (call: grpc.ServerWritableStream<Buffer, Buffer>) => call.write(Buffer.from('x')),
    });
    await new Promise<void>((resolve, reject) =>
      doomed.bindAsync(`unix:${lonely}`, grpc.ServerCredentials.createInsecure(), (err) =>
        err ? reject(err) : resolve(),
      ),
    );
    const client = connectClient(lonely);
    const stream = client.hang(Buffer.from('x'));
    const error = new Promise<ServiceError>((resolve) => stream.on('error', resolve));
    await new Promise((resolve) => stream.once('data', resolve));
    doomed.forceShutdown();
    expect((await error).code).toBe(status.UNAVAILABLE);
    // Once a server listens there again, the same client dials a new connection.
    const revived = new grpc.Server();
    revived.addService(SERVICE, {
      echo: (call: grpc.ServerUnaryCall<Buffer, Buffer>, cb: grpc.sendUnaryData<Buffer>) =>
        cb(null, call.request),
    });
    await new Promise<void>((resolve, reject) =>
      revived.bindAsync(`unix:${lonely}`, grpc.ServerCredentials.createInsecure(), (err) =>
        err ? reject(err) : resolve(),
      ),
    );
    try {
      expect((await unary((cb) => client.echo(Buffer.from('again'), cb))).toString()).toBe('again');
    } finally {
      revived.forceShutdown();
    }
  });
});
