// The engine calls compose makes, typed and promise-based, over berthd's gRPC API. Compose
// talks to nothing else: images, networks and volumes all go through the engine.
import { createEngineClient, engine, type EngineClient } from '@berth/api';
import type { ServiceError } from '@grpc/grpc-js';
import { EngineCallError } from '../errors';
import { engineError, readStream, unary } from './calls';

type Filter = engine.v1.Filter;
export type ContainerSummary = engine.v1.ContainerSummary;
export type ProgressHandler = (progress: engine.v1.Progress) => void;

export class Engine {
  constructor(private readonly client: EngineClient) {}

  static connect(socketPath: string): Engine {
    return new Engine(createEngineClient(socketPath));
  }

  close(): void {
    this.client.close();
  }

  async listContainers(filters: Filter[], all = true): Promise<ContainerSummary[]> {
    const response = await unary<engine.v1.ListContainersResponse>('list containers', (cb) =>
      this.client.containers.listContainers({ all, filters, limit: 0, size: false }, cb),
    );
    return response.containers;
  }

  async createContainer(
    name: string,
    config: engine.v1.ContainerConfig,
    onProgress?: ProgressHandler,
  ): Promise<string> {
    let id = '';
    await readStream(
      `create container ${name}`,
      this.client.containers.createContainer({ name, config }),
      (message) => {
        if (message.result?.$case === 'created') id = message.result.created.id;
        else if (message.result?.$case === 'progress') onProgress?.(message.result.progress);
      },
    );
    return id;
  }

  startContainer(id: string): Promise<unknown> {
    return unary(`start ${id}`, (cb) => this.client.containers.startContainer({ id }, cb));
  }

  stopContainer(id: string, timeout?: number): Promise<unknown> {
    return unary(`stop ${id}`, (cb) => this.client.containers.stopContainer({ id, timeout, signal: '' }, cb));
  }

  restartContainer(id: string, timeout?: number): Promise<unknown> {
    return unary(`restart ${id}`, (cb) =>
      this.client.containers.restartContainer({ id, timeout, signal: '' }, cb),
    );
  }

  killContainer(id: string, signal: string): Promise<unknown> {
    return unary(`kill ${id}`, (cb) => this.client.containers.killContainer({ id, signal }, cb));
  }

  removeContainer(id: string, options: { force?: boolean; volumes?: boolean } = {}): Promise<unknown> {
    return unary(`remove ${id}`, (cb) =>
      this.client.containers.removeContainer(
        { id, force: options.force ?? false, volumes: options.volumes ?? false },
        cb,
      ),
    );
  }

  waitContainer(
    id: string,
    condition = engine.v1.WaitCondition.WAIT_CONDITION_NOT_RUNNING,
  ): Promise<engine.v1.WaitContainerResponse> {
    return unary(`wait ${id}`, (cb) => this.client.containers.waitContainer({ id, condition }, cb));
  }

  inspectContainer(id: string): Promise<engine.v1.InspectContainerResponse> {
    return unary(`inspect ${id}`, (cb) => this.client.containers.inspectContainer({ id }, cb));
  }

  topContainer(id: string): Promise<engine.v1.TopContainerResponse> {
    return unary(`top ${id}`, (cb) => this.client.containers.topContainer({ id, psArgs: '' }, cb));
  }

  containerPort(id: string): Promise<engine.v1.ContainerPortResponse> {
    return unary(`port ${id}`, (cb) => this.client.containers.containerPort({ id }, cb));
  }

  /** Streams log lines; resolves when the stream ends (at once without `follow`). */
  containerLogs(
    request: Partial<engine.v1.ContainerLogsRequest> & { id: string },
    onLine: (line: engine.v1.ContainerLogsResponse) => void,
    signal?: AbortSignal,
  ): Promise<void> {
    const stream = this.client.containers.containerLogs(engine.v1.ContainerLogsRequest.fromPartial(request));
    signal?.addEventListener('abort', () => stream.cancel(), { once: true });
    return readStream(`logs ${request.id}`, stream, onLine);
  }

  /** Opens an attach session; the caller drives the duplex stream. */
  attach(): ReturnType<EngineClient['containers']['attachContainer']> {
    return this.client.containers.attachContainer();
  }

  /** Opens an exec session; the caller drives the duplex stream. */
  exec(): ReturnType<EngineClient['containers']['execContainer']> {
    return this.client.containers.execContainer();
  }

  async listNetworks(filters: Filter[]): Promise<engine.v1.NetworkSummary[]> {
    const response = await unary<engine.v1.ListNetworksResponse>('list networks', (cb) =>
      this.client.networks.listNetworks({ filters }, cb),
    );
    return response.networks;
  }

  createNetwork(request: Partial<engine.v1.CreateNetworkRequest> & { name: string }): Promise<unknown> {
    return unary(`create network ${request.name}`, (cb) =>
      this.client.networks.createNetwork(engine.v1.CreateNetworkRequest.fromPartial(request), cb),
    );
  }

  removeNetwork(name: string): Promise<unknown> {
    return unary(`remove network ${name}`, (cb) => this.client.networks.removeNetwork({ name }, cb));
  }

  async listVolumes(filters: Filter[]): Promise<engine.v1.Volume[]> {
    const response = await unary<engine.v1.ListVolumesResponse>('list volumes', (cb) =>
      this.client.volumes.listVolumes({ filters }, cb),
    );
    return response.volumes;
  }

  createVolume(request: Partial<engine.v1.CreateVolumeRequest> & { name: string }): Promise<unknown> {
    return unary(`create volume ${request.name}`, (cb) =>
      this.client.volumes.createVolume(engine.v1.CreateVolumeRequest.fromPartial(request), cb),
    );
  }

  removeVolume(name: string): Promise<unknown> {
    return unary(`remove volume ${name}`, (cb) =>
      this.client.volumes.removeVolume({ name, force: false }, cb),
    );
  }

  pullImage(reference: string, onProgress?: ProgressHandler): Promise<void> {
    const stream = this.client.images.pullImage(engine.v1.PullImageRequest.fromPartial({ reference }));
    return readStream(`pull ${reference}`, stream, (message) => {
      if (message.progress) onProgress?.(message.progress);
    });
  }

  pushImage(reference: string, onProgress?: ProgressHandler): Promise<void> {
    const stream = this.client.images.pushImage(engine.v1.PushImageRequest.fromPartial({ reference }));
    return readStream(`push ${reference}`, stream, (message) => {
      if (message.progress) onProgress?.(message.progress);
    });
  }

  /**
   * Builds an image: sends the options, then the context tar in chunks (waiting while the
   * stream is full), and hands each progress message to `onEvent`; resolves with the result.
   */
  build(
    operation: string,
    options: engine.v1.BuildOptions,
    context: AsyncIterable<Buffer>,
    onEvent: (event: NonNullable<engine.v1.BuildResponse['event']>) => void,
  ): Promise<engine.v1.BuildResult> {
    const stream = this.client.images.build();
    let result: engine.v1.BuildResult | undefined;
    const done = new Promise<void>((resolve, reject) => {
      stream.on('data', (message: engine.v1.BuildResponse) => {
        if (message.event?.$case === 'result') result = message.event.result;
        else if (message.event) onEvent(message.event);
      });
      stream.on('error', (err: ServiceError) => reject(engineError(operation, err)));
      stream.on('end', () => resolve());
    });
    const upload = (async () => {
      stream.write({ part: { $case: 'options', options } });
      for await (const chunk of context) {
        if (!stream.write({ part: { $case: 'context', context: chunk } }))
          await new Promise<void>((resolve) => stream.once('drain', () => resolve()));
      }
      stream.end();
    })().catch((err: Error) => {
      // A context that cannot be read ends the build with that reason.
      stream.cancel();
      throw new EngineCallError(operation, undefined, `reading the build context: ${err.message}`);
    });
    done.catch(() => undefined);
    return Promise.all([done, upload]).then(() => {
      if (!result)
        throw engineError(operation, {
          code: 2,
          details: 'the build ended without a result',
        } as ServiceError);
      return result;
    });
  }

  async listImages(): Promise<engine.v1.ImageSummary[]> {
    const response = await unary<engine.v1.ListImagesResponse>('list images', (cb) =>
      this.client.images.listImages(engine.v1.ListImagesRequest.fromPartial({}), cb),
    );
    return response.images;
  }

  removeImage(reference: string): Promise<unknown> {
    return unary(`remove image ${reference}`, (cb) =>
      this.client.images.removeImage(engine.v1.RemoveImageRequest.fromPartial({ name: reference }), cb),
    );
  }
}
