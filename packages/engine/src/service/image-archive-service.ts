// berth.engine.v1.Images, archive half: `save` and `load` streamed through to berth-images'
// Export and Import, which read and write both docker-save tarballs and OCI image archives.
import type { ClientWritableStream, ServerReadableStream, ServerWritableStream } from '@grpc/grpc-js';
import type { engine, images } from '@berth/api';
import type { ComponentClients } from '../components/component-clients';
import type { EventBus } from '../engine/event-bus';
import { familiar } from './images-service';

/** docker load's lines: the name when the archive gave one, else the id. */
function loadedLine(image: images.v1.Image): string {
  if (image.name.includes('@')) return `Loaded image ID: ${image.target?.digest ?? image.name.split('@')[1]}`;
  return `Loaded image: ${familiar(image.name)}`;
}

export function imageArchiveService(clients: ComponentClients, events: EventBus) {
  return {
    async saveImages(call: ServerWritableStream<engine.v1.SaveImagesRequest, engine.v1.SaveImagesResponse>) {
      await new Promise<void>((resolve, reject) => {
        const stream = clients.images.raw.export({ names: call.request.names });
        stream.on('data', (message: images.v1.ExportResponse) => {
          // The caller's pace sets berth-images' pace.
          if (!call.write({ data: message.data })) {
            stream.pause();
            call.once('drain', () => stream.resume());
          }
        });
        stream.on('error', (err) => void clients.images.toBerthError(err).then(reject));
        stream.on('end', () => resolve());
      });
      for (const name of call.request.names) events.publish('image', 'save', name, { name });
      call.end();
    },

    async loadImages(
      call: ServerReadableStream<engine.v1.LoadImagesRequest, engine.v1.LoadImagesResponse>,
    ): Promise<engine.v1.LoadImagesResponse> {
      let upstream: ClientWritableStream<images.v1.ImportRequest> | undefined;
      const imported = new Promise<images.v1.ImportResponse>((resolve, reject) => {
        upstream = clients.images.raw.import((err, response) =>
          err ? void clients.images.toBerthError(err).then(reject) : resolve(response!),
        );
      });
      // A failed import ends the upload early; its error is the one to report.
      imported.catch(() => undefined);
      try {
        for await (const message of call as AsyncIterable<engine.v1.LoadImagesRequest>) {
          if (!upstream!.write({ data: message.data, name: '' }))
            await Promise.race([new Promise((resolve) => upstream!.once('drain', resolve)), imported]);
        }
      } catch (err) {
        upstream!.cancel();
        throw err;
      }
      upstream!.end();
      const { images: loaded } = await imported;
      for (const image of loaded) events.publish('image', 'load', image.name, { name: image.name });
      return { loaded: loaded.map(loadedLine) };
    },
  };
}
