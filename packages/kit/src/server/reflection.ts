import type {
  MethodDefinition,
  Server,
  ServerDuplexStream,
  ServiceDefinition,
  UntypedServiceImplementation,
} from '@grpc/grpc-js';
import { loadBerthPackageDefinition } from '@berth/api';
import { InternalError } from '../errors/classes';
import type { Logger } from '../logger';
import { serviceNameOf, wrapImplementation } from './handlers';

/** The gRPC server reflection services every Berth daemon serves (grpcurl asks for either). */
export const REFLECTION_SERVICES = [
  'grpc.reflection.v1.ServerReflection',
  'grpc.reflection.v1alpha.ServerReflection',
] as const;
const METHOD = 'ServerReflectionInfo';

type AnyMethod = MethodDefinition<unknown, unknown>;
type ReflectionHandler = (call: ServerDuplexStream<unknown, unknown>) => void;

/** @grpc/reflection's own method definition and handler, for each reflection service. */
type LoadedReflection = Map<string, { method: AnyMethod; handler: ReflectionHandler }>;

// Requiring @grpc/reflection (with proto-loader and protobufjs), loading its reflection.proto and
// indexing every file of the descriptor set costs about a second and tens of MB at start: done on
// the first reflection call instead, which daemons rarely get (an operator running grpcurl).
function loadReflection(services: string[]): LoadedReflection {
  const { ReflectionService } = require('@grpc/reflection') as typeof import('@grpc/reflection');
  const loaded: LoadedReflection = new Map();
  new ReflectionService(loadBerthPackageDefinition(), { services }).addToServer({
    addService(definition: ServiceDefinition, implementation: UntypedServiceImplementation) {
      const method = definition[METHOD] as AnyMethod | undefined;
      const handler = implementation[METHOD] as ReflectionHandler | undefined;
      const name = serviceNameOf(definition);
      if (!method || !handler || method.path !== `/${name}/${METHOD}`) {
        throw new InternalError(`@grpc/reflection registered ${name} without /${name}/${METHOD}`);
      }
      loaded.set(name, { method, handler });
    },
  });
  return loaded;
}

// The method as grpc-js needs it at registration: its path and streaming kind are fixed by the
// reflection protocol; the message codecs are @grpc/reflection's, fetched when first used.
function lazyMethod(path: string, real: () => AnyMethod): AnyMethod {
  return {
    path,
    requestStream: true,
    responseStream: true,
    requestSerialize: (value) => real().requestSerialize(value),
    requestDeserialize: (bytes) => real().requestDeserialize(bytes),
    responseSerialize: (value) => real().responseSerialize(value),
    responseDeserialize: (bytes) => real().responseDeserialize(bytes),
  };
}

/**
 * Registers grpc.reflection.v1 and v1alpha ServerReflection on `server`, answering about
 * `services` (and the files they use) from @berth/api's descriptor set exactly as
 * @grpc/reflection's ReflectionService does, but loading that implementation only on the first
 * reflection call. The calls go through wrapImplementation like every other service, so a
 * failure to load ends the call with a status and a log line instead of crashing the daemon.
 */
export function addLazyReflection(server: Server, services: string[], log: Logger): void {
  let loaded: LoadedReflection | undefined;
  const load = (): LoadedReflection => {
    if (!loaded) {
      const started = process.hrtime.bigint();
      loaded = loadReflection(services);
      log.debug({ ms: Number(process.hrtime.bigint() - started) / 1e6 }, 'loaded gRPC reflection');
    }
    return loaded;
  };
  const loadedFor = (name: string) => {
    const entry = load().get(name);
    if (!entry) throw new InternalError(`@grpc/reflection does not serve ${name}`);
    return entry;
  };

  for (const name of REFLECTION_SERVICES) {
    const definition: ServiceDefinition = {
      [METHOD]: lazyMethod(`/${name}/${METHOD}`, () => loadedFor(name).method),
    };
    const implementation: UntypedServiceImplementation = {
      [METHOD]: (call: ServerDuplexStream<unknown, unknown>) => loadedFor(name).handler(call),
    };
    server.addService(definition, wrapImplementation(definition, implementation, log));
  }
}
