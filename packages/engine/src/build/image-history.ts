// berth.engine.v1.Images.ImageHistory: the image config's history (what `docker history`
// shows), newest first, each entry that made a layer paired with that layer's size. As with
// docker, only the top entry carries the image's id and tags; the others are "<missing>" (the
// intermediate images of a pulled or built image are not stored as images).
import type { ServerUnaryCall } from '@grpc/grpc-js';
import type { engine } from '@berth/api';

import type { ComponentClients } from '../components/component-clients';
import { familiar } from '../service/images-service';

export function imageHistoryService(clients: ComponentClients) {
  return {
    async imageHistory(
      call: ServerUnaryCall<engine.v1.ImageHistoryRequest, unknown>,
    ): Promise<engine.v1.ImageHistoryResponse> {
      const response = await clients.images.call.get({ name: call.request.name });
      const sizes = response.layers.map((layer) => layer.blob?.size ?? 0);
      let layer = 0;
      const items: engine.v1.HistoryItem[] = response.history.map((entry) => {
        const size = entry.emptyLayer ? 0 : (sizes[layer++] ?? 0);
        const created = entry.created === '' ? undefined : new Date(entry.created);
        return {
          id: '<missing>',
          ...(created !== undefined && !Number.isNaN(created.getTime()) ? { created } : {}),
          createdBy: entry.createdBy,
          size,
          comment: entry.comment,
          tags: [],
        };
      });
      // An image without history (some hand-made ones) still shows its layers.
      if (items.length === 0)
        sizes.forEach((size) => items.push({ id: '<missing>', createdBy: '', size, comment: '', tags: [] }));
      items.reverse();
      if (items.length > 0) {
        items[0].id = response.configDigest;
        items[0].tags = response.image?.name.includes('@') === false ? [familiar(response.image.name)] : [];
      }
      return { items };
    },
  };
}
