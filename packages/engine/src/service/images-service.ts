// berth.engine.v1.Images: passed through to berth-images, answered in docker's shapes.
import type { ServerUnaryCall, ServerWritableStream } from '@grpc/grpc-js';
import type { engine, images } from '@berth/api';
import { FailedPreconditionError, NotFoundError } from '@berth/kit';
import { parseReference } from '@berth/oci';
import { InvalidOptionError } from '../errors';
import type { ComponentClients } from '../components/component-clients';
import type { ContainerRegistry } from '../engine/container-registry';
import type { EventBus } from '../engine/event-bus';
import type { ImageResolver } from '../engine/image-resolver';
import { imageArchiveService } from './image-archive-service';

type Unary<Req> = ServerUnaryCall<Req, unknown>;

/** berth-images records an untagged image (a build without -t) under its manifest digest. */
function isUntagged(name: string): boolean {
  return /^sha256:[0-9a-f]{64}$/.test(name);
}

/** docker's short form of a stored name: busybox:1 for docker.io/library/busybox:1. */
export function familiar(name: string): string {
  return name.replace(/^docker\.io\/library\//, '').replace(/^docker\.io\//, '');
}

export function imagesService(
  clients: ComponentClients,
  resolver: ImageResolver,
  registry: ContainerRegistry,
  events: EventBus,
) {
  const summary = (image: images.v1.Image): engine.v1.ImageSummary => ({
    // docker's image ID is the config digest.
    id: image.configDigest || (image.target?.digest ?? ''),
    repoTags: image.name.includes('@') || isUntagged(image.name) ? [] : [familiar(image.name)],
    repoDigests:
      image.target && !isUntagged(image.name)
        ? [`${familiar(image.name).replace(/:[^:/]+$/, '')}@${image.target.digest}`]
        : [],
    ...(image.created ? { created: image.created } : {}),
    size: image.size,
    labels: { ...image.labels },
    containers: registry.all().filter((r) => r.imageName === image.name).length,
  });

  return {
    ...imageArchiveService(clients, events),

    async pullImage(call: ServerWritableStream<engine.v1.PullImageRequest, engine.v1.PullImageResponse>) {
      const { reference, platform, allTags } = call.request;
      const references = allTags ? await remoteTags(clients, reference) : [reference];
      for (const each of references) {
        // docker's pull -a says which tag each "Pulling from" is about.
        const tag = allTags ? tagOf(each) : '';
        await resolver.pull(each, platform, (progress) =>
          call.write({
            progress:
              tag && progress.id === '' && progress.status.startsWith('Pulling from')
                ? { ...progress, id: tag }
                : progress,
            imageId: '',
          }),
        );
        const image = await resolver.get(each);
        events.publish('image', 'pull', image.name, { name: image.name });
        call.write({
          progress: { id: '', status: `Digest: ${image.id}`, current: 0, total: 0 },
          imageId: image.id,
        });
      }
      call.end();
    },

    async pushImage(call: ServerWritableStream<engine.v1.PushImageRequest, engine.v1.PushImageResponse>) {
      const references = call.request.allTags
        ? await localTags(clients, call.request.reference)
        : [call.request.reference];
      for (const reference of references) {
        await pushOne(clients, reference, call);
        events.publish('image', 'push', reference, { name: reference });
      }
      call.end();
    },

    async listImages(): Promise<engine.v1.ListImagesResponse> {
      const { images: list } = await clients.images.call.list({ name: '' });
      return { images: list.map(summary) };
    },

    async inspectImage(call: Unary<engine.v1.InspectImageRequest>): Promise<engine.v1.InspectImageResponse> {
      const response = await clients.images.call.get({ name: call.request.name });
      const config = JSON.parse(response.configJson) as Record<string, unknown>;
      return {
        json: JSON.stringify({
          Id: response.configDigest,
          RepoTags: response.image && !isUntagged(response.image.name) ? [familiar(response.image.name)] : [],
          RepoDigests:
            response.image?.target && !isUntagged(response.image.name)
              ? [`${familiar(response.image.name).replace(/:[^:/]+$/, '')}@${response.manifestDigest}`]
              : [],
          Created: config.created ?? '',
          Architecture: config.architecture,
          Os: config.os,
          Config: config.config ?? {},
          Size: response.image?.size ?? 0,
          RootFS: { Type: 'layers', Layers: response.layers.map((l) => l.diffId) },
        }),
      };
    },

    async tagImage(call: Unary<engine.v1.TagImageRequest>): Promise<engine.v1.TagImageResponse> {
      await clients.images.call.tag({ source: call.request.source, target: call.request.target });
      events.publish('image', 'tag', call.request.target, { name: call.request.target });
      return {};
    },

    async removeImage(call: Unary<engine.v1.RemoveImageRequest>): Promise<engine.v1.RemoveImageResponse> {
      const image = await resolver.get(call.request.name);
      const users = registry.all().filter((r) => r.imageName === image.name || r.imageId === image.id);
      if (users.length > 0 && !call.request.force)
        throw new FailedPreconditionError(
          `conflict: unable to remove repository reference "${call.request.name}" (must force) - container ${users[0].id.slice(0, 12)} is using its referenced image ${image.id.replace(/^sha256:/, '').slice(0, 12)}`,
          { reason: 'IMAGE_IN_USE' },
        );
      const { name } = await clients.images.call.remove({ name: call.request.name });
      // An untagged image has no name to untag: it is deleted, as docker says.
      if (isUntagged(name)) {
        events.publish('image', 'delete', image.id, { name: image.id });
        return { untagged: [], deleted: [image.id] };
      }
      events.publish('image', 'untag', name, { name });
      return { untagged: [familiar(name)], deleted: [] };
    },

    async pruneImages(call: Unary<engine.v1.PruneImagesRequest>): Promise<engine.v1.PruneImagesResponse> {
      const response = await clients.images.call.prune({ all: call.request.all });
      return {
        untagged: response.removedImages.map(familiar),
        deleted: response.removedBlobs,
        spaceReclaimed: response.reclaimedBytes,
      };
    },
  };
}

/** Uploads one image, its progress and digest written to `call`. */
function pushOne(
  clients: ComponentClients,
  reference: string,
  call: ServerWritableStream<engine.v1.PushImageRequest, engine.v1.PushImageResponse>,
): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const stream = clients.images.raw.push({ name: reference, destination: '' });
    stream.on('data', (message: images.v1.PushResponse) => {
      const event = message.event;
      if (event?.$case === 'blob')
        call.write({
          progress: {
            id: event.blob.digest.replace(/^sha256:/, '').slice(0, 12),
            status: 'Pushing',
            current: event.blob.current,
            total: event.blob.total,
          },
          digest: '',
        });
      if (event?.$case === 'digest')
        call.write({
          progress: { id: '', status: `${tagOf(reference)}: digest: ${event.digest}`, current: 0, total: 0 },
          digest: event.digest,
        });
    });
    stream.on('error', (err) => void clients.images.toBerthError(err).then(reject));
    stream.on('end', () => resolve());
  });
}

function tagOf(reference: string): string {
  const ref = parseReference(reference);
  return ref.tag ?? (ref.digest ? ref.digest : 'latest');
}

/** `pull --all-tags REPO`: every tag the repository's registry lists, as REPO:TAG. */
async function remoteTags(clients: ComponentClients, repository: string): Promise<string[]> {
  const ref = parseReference(repository);
  if (ref.tag !== undefined || ref.digest !== undefined)
    throw new InvalidOptionError('all-tags', `tag can't be used with --all-tags/-a: ${repository}`);
  const { tags } = await clients.images.call.listTags({ repository: ref.name });
  if (tags.length === 0)
    throw new NotFoundError(`repository ${ref.familiarName} has no tags`, { reason: 'IMAGE_NOT_FOUND' });
  return tags.map((tag) => `${ref.name}:${tag}`);
}

/** `push --all-tags REPO`: every local tag of the repository, as docker pushes them. */
async function localTags(clients: ComponentClients, repository: string): Promise<string[]> {
  const ref = parseReference(repository);
  if (ref.tag !== undefined || ref.digest !== undefined)
    throw new InvalidOptionError('all-tags', `tag can't be used with --all-tags/-a: ${repository}`);
  const { images: found } = await clients.images.call.list({ name: `${ref.name}:*` });
  const names = found.map((image) => image.name).filter((name) => !name.includes('@'));
  if (names.length === 0)
    throw new NotFoundError(`An image does not exist locally with the tag: ${ref.familiarName}`, {
      reason: 'IMAGE_NOT_FOUND',
    });
  return names;
}
