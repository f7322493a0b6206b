// Finds the image a container is created from in berth-images, pulling it when the pull
// policy says so, and returns what the engine needs: id, config, the snapshot to build on.
import { images } from '@berth/api';
import { InvalidArgumentError, NotFoundError } from '@berth/kit';
import { parseImageConfig, type ImageConfig } from '@berth/oci';
import type { PullPolicy } from '../convert/create-request';
import type { ComponentClients } from '../components/component-clients';

export interface ResolvedImage {
  /** sha256 of the config: docker's image id. */
  id: string;
  name: string;
  config: ImageConfig;
  /** Committed snapshot of the top layer, the parent of the container's snapshot. */
  chainId: string;
}

export interface PullProgress {
  id: string;
  status: string;
  current: number;
  total: number;
}

const PHASES: Record<number, string> = {
  [images.v1.LayerPhase.LAYER_PHASE_WAITING]: 'Waiting',
  [images.v1.LayerPhase.LAYER_PHASE_DOWNLOADING]: 'Downloading',
  [images.v1.LayerPhase.LAYER_PHASE_EXTRACTING]: 'Extracting',
  [images.v1.LayerPhase.LAYER_PHASE_DONE]: 'Pull complete',
};

export class ImageResolver {
  constructor(private readonly clients: ComponentClients) {}

  async resolve(
    reference: string,
    policy: PullPolicy,
    platform: string,
    progress: (p: PullProgress) => void,
  ): Promise<ResolvedImage> {
    if (policy === 'always') await this.pull(reference, platform, progress);
    try {
      return await this.get(reference);
    } catch (err) {
      if (!(err instanceof NotFoundError) || policy !== 'missing') {
        if (err instanceof NotFoundError)
          throw new NotFoundError(`no such image: ${reference}`, { reason: 'IMAGE_NOT_FOUND', cause: err });
        throw err;
      }
    }
    progress({ id: '', status: `Unable to find image '${reference}' locally`, current: 0, total: 0 });
    await this.pull(reference, platform, progress);
    return this.get(reference);
  }

  async get(reference: string): Promise<ResolvedImage> {
    const response = await this.clients.images.call.get({ name: reference });
    let config: ImageConfig;
    try {
      config = parseImageConfig(JSON.parse(response.configJson));
    } catch (err) {
      throw new InvalidArgumentError(`image ${reference} has an invalid config: ${(err as Error).message}`, {
        cause: err,
      });
    }
    return {
      id: response.configDigest,
      name: response.image?.name ?? reference,
      config,
      chainId: response.image?.chainId ?? response.layers.at(-1)?.chainId ?? '',
    };
  }

  /** Streams a pull, forwarding per-layer progress in docker's words. */
  pull(reference: string, platform: string, progress: (p: PullProgress) => void): Promise<void> {
    return new Promise((resolve, reject) => {
      const stream = this.clients.images.raw.pull({ reference, platform });
      stream.on('data', (message: images.v1.PullResponse) => {
        const event = message.event;
        if (event?.$case === 'resolving')
          progress({ id: '', status: `Pulling from ${event.resolving}`, current: 0, total: 0 });
        if (event?.$case === 'layer') {
          const layer = event.layer;
          progress({
            id: layer.digest.replace(/^sha256:/, '').slice(0, 12),
            status: PHASES[layer.phase] ?? 'Working',
            current: layer.current,
            total: layer.total,
          });
        }
        if (event?.$case === 'image')
          progress({
            id: '',
            status: `Status: Downloaded newer image for ${event.image.name}`,
            current: 0,
            total: 0,
          });
      });
      stream.on('error', (err) => void this.clients.images.toBerthError(err).then(reject));
      stream.on('end', () => resolve());
    });
  }
}
