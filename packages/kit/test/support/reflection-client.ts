import { Client, credentials, type MethodDefinition, type ServiceDefinition } from '@grpc/grpc-js';
import { loadSync } from '@grpc/proto-loader';

export type ReflectionVersion = 'v1' | 'v1alpha';

/** A ServerReflectionRequest or Response as proto-loader presents it (keepCase, oneofs). */
export interface ReflectionMessage {
  host?: string;
  valid_host?: string;
  list_services?: string;
  file_by_filename?: string;
  file_containing_symbol?: string;
  file_containing_extension?: { containing_type: string; extension_number: number };
  all_extension_numbers_of_type?: string;
  list_services_response?: { service: { name: string }[] };
  file_descriptor_response?: { file_descriptor_proto: Buffer[] };
  error_response?: { error_code: number; error_message: string };
}

// The message codecs, from the reflection.proto that @grpc/reflection ships (the protocol's own
// definition, independent of how kit serves it).
const reflectionProto = require.resolve('@grpc/reflection/build/proto/grpc/reflection/v1/reflection.proto');
const definition = loadSync(reflectionProto, { keepCase: true, oneofs: true })[
  'grpc.reflection.v1.ServerReflection'
] as ServiceDefinition;
const codec = definition.ServerReflectionInfo as MethodDefinition<ReflectionMessage, ReflectionMessage>;

export const encodeRequest = (request: ReflectionMessage): Buffer => codec.requestSerialize(request);
export const decodeResponse = (bytes: Buffer): ReflectionMessage => codec.responseDeserialize(bytes);

/**
 * Sends `requests` in order on one ServerReflectionInfo stream of the server at `socketPath` and
 * resolves with the raw response bytes, so two servers' answers can be compared byte for byte.
 */
export function reflect(
  socketPath: string,
  version: ReflectionVersion,
  requests: Buffer[],
): Promise<Buffer[]> {
  const client = new Client(`unix:${socketPath}`, credentials.createInsecure());
  const identity = (bytes: Buffer) => bytes;
  return new Promise<Buffer[]>((resolve, reject) => {
    const responses: Buffer[] = [];
    const stream = client.makeBidiStreamRequest<Buffer, Buffer>(
      `/grpc.reflection.${version}.ServerReflection/ServerReflectionInfo`,
      identity,
      identity,
    );
    stream.on('data', (response: Buffer) => responses.push(response));
    stream.on('error', reject);
    stream.on('end', () => resolve(responses));
    requests.forEach((request) => stream.write(request));
    stream.end();
  }).finally(() => client.close());
}
