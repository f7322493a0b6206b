import {
  makeGenericClientConstructor,
  type CallOptions,
  type Client,
  type ClientReadableStream,
  type ClientUnaryCall,
  type Metadata,
  type ServiceDefinition,
  type ServiceError,
} from '@grpc/grpc-js';
import type { ServiceClientConstructor } from '@berth/api';

// A real gRPC service for tests, with JSON messages so it needs no .proto: it throws the errors
// the tests ask for and holds calls open to exercise shutdown.
export interface EchoMessage {
  text?: string;
  /** For Fail: which error to throw. */
  kind?: 'not-found' | 'duck-typed' | 'bug' | 'callback' | 'async';
  /** For Count: how many messages to stream; for Hold: 'sigterm' or 'never'. */
  count?: number;
  until?: 'sigterm' | 'never';
}

const json = {
  requestSerialize: (value: EchoMessage) => Buffer.from(JSON.stringify(value)),
  requestDeserialize: (bytes: Buffer) => JSON.parse(bytes.toString()) as EchoMessage,
  responseSerialize: (value: EchoMessage) => Buffer.from(JSON.stringify(value)),
  responseDeserialize: (bytes: Buffer) => JSON.parse(bytes.toString()) as EchoMessage,
};

const unary = (name: string) => ({
  path: `/berth.test.v1.Echo/${name}`,
  requestStream: false,
  responseStream: false,
  ...json,
});

export const EchoService = {
  echo: unary('Echo'),
  fail: unary('Fail'),
  hold: unary('Hold'),
  count: { path: '/berth.test.v1.Echo/Count', requestStream: false, responseStream: true, ...json },
} satisfies ServiceDefinition;

// The same shape ts-proto generates for a unary method's full overload.
type UnaryMethod = (
  request: EchoMessage,
  metadata: Metadata,
  options: Partial<CallOptions>,
  callback: (error: ServiceError | null, response: EchoMessage) => void,
) => ClientUnaryCall;

export interface EchoClient extends Client {
  echo: UnaryMethod;
  fail: UnaryMethod;
  hold: UnaryMethod;
  count(request: EchoMessage): ClientReadableStream<EchoMessage>;
}

export const EchoClient = makeGenericClientConstructor(
  EchoService,
  'berth.test.v1.Echo',
) as unknown as ServiceClientConstructor<EchoClient> & {
  service: typeof EchoService;
};
