import { PassThrough } from 'node:stream';

import type {
  ServerReadableStream,
  ServerUnaryCall,
  ServerWritableStream,
  UntypedServiceImplementation,
} from '@grpc/grpc-js';
import { images as api } from '@berth/api';

import type { ImageStore } from '../image-store';
import { detailsToGetResponse, imageToProto, layerPhaseToProto } from './convert';

type Unary<Req> = ServerUnaryCall<Req, unknown>;
type pb = typeof api.v1;
type Msg<K extends keyof pb> = pb[K] extends { fromPartial(o: never): infer M } ? M : never;

/** Bytes per ExportResponse message: well under gRPC's 4 MiB default message limit. */
const EXPORT_CHUNK_BYTES = 1 << 20;

/**
 * berth.images.v1.Images over an ImageStore. Streams end with `call.end()` on success; kit's
 * wrapper turns a rejection into the error's status. A caller that cancels a pull aborts it.
 */
export function imagesService(store: ImageStore): UntypedServiceImplementation {
  const handlers = {
    async pull(call: ServerWritableStream<Msg<'PullRequest'>, Msg<'PullResponse'>>): Promise<void> {
      const controller = new AbortController();
      call.on('cancelled', () => controller.abort(new Error('pull cancelled by the caller')));
      const details = await store.pull(call.request.reference, {
        ...(call.request.platform !== '' ? { platform: call.request.platform } : {}),
        signal: controller.signal,
        onProgress: (progress) => {
          if (progress.phase === 'resolving') {
            call.write({ event: { $case: 'resolving', resolving: progress.reference } });
            return;
          }
          call.write({
            event: {
              $case: 'layer',
              layer: {
                digest: progress.digest,
                phase: layerPhaseToProto(progress.phase),
                current: progress.current,
                total: progress.total,
              },
            },
          });
        },
      });
      call.write({ event: { $case: 'image', image: imageToProto(store.require(details.name), details) } });
      call.end();
    },

    async push(call: ServerWritableStream<Msg<'PushRequest'>, Msg<'PushResponse'>>): Promise<void> {
      const { request } = call;
      const result = await store.push(
        request.name,
        request.destination === '' ? undefined : request.destination,
        (p) =>
          call.write({
            event: {
              $case: 'blob',
              blob: {
                digest: p.digest,
                phase:
                  p.state === 'transferring'
                    ? api.v1.LayerPhase.LAYER_PHASE_UPLOADING
                    : api.v1.LayerPhase.LAYER_PHASE_DONE,
                current: p.done,
                total: p.total,
              },
            },
          }),
      );
      call.write({ event: { $case: 'digest', digest: result.digest } });
      call.end();
    },

    async listTags({ request }: Unary<Msg<'ListTagsRequest'>>): Promise<Msg<'ListTagsResponse'>> {
      return { tags: await store.tags(request.repository) };
    },

    async list({ request }: Unary<Msg<'ListRequest'>>): Promise<Msg<'ListResponse'>> {
      const records = store.list(request.name === '' ? {} : { name: request.name });
      const images = [];
      for (const record of records) {
        const details = await store.inspect(record.name).catch(() => undefined);
        images.push(imageToProto(record, details));
      }
      return { images };
    },

    async get({ request }: Unary<Msg<'GetRequest'>>): Promise<Msg<'GetResponse'>> {
      const record = store.require(request.name);
      return detailsToGetResponse(record, await store.inspect(record.name));
    },

    async tag({ request }: Unary<Msg<'TagRequest'>>): Promise<Msg<'TagResponse'>> {
      const record = await store.tag(request.source, request.target);
      return { image: imageToProto(record, await store.inspect(record.name).catch(() => undefined)) };
    },

    async remove({ request }: Unary<Msg<'RemoveRequest'>>): Promise<Msg<'RemoveResponse'>> {
      return { name: (await store.remove(request.name)).name };
    },

    async import(
      call: ServerReadableStream<Msg<'ImportRequest'>, Msg<'ImportResponse'>>,
    ): Promise<Msg<'ImportResponse'>> {
      let name: string | undefined;
      let first = true;
      const chunks = (async function* () {
        for await (const message of call as AsyncIterable<Msg<'ImportRequest'>>) {
          if (first && message.name !== '') name = message.name;
          first = false;
          yield Buffer.from(message.data);
        }
      })();
      // The name arrives with the first chunk: read it before the import starts naming things.
      const head = await chunks.next();
      const source = (async function* () {
        if (!head.done) yield head.value;
        yield* chunks;
      })();
      const imported = await store.importArchive(source, name === undefined ? {} : { name });
      return { images: imported.map((details) => imageToProto(store.require(details.name), details)) };
    },

    async export(call: ServerWritableStream<Msg<'ExportRequest'>, Msg<'ExportResponse'>>): Promise<void> {
      const out = new PassThrough({ highWaterMark: EXPORT_CHUNK_BYTES });
      const writing = store.exportArchive(call.request.names, out).then(
        () => out.end(),
        (error: unknown) => out.destroy(error as Error),
      );
      let pending: Buffer[] = [];
      let pendingBytes = 0;
      const flush = async () => {
        if (pendingBytes === 0) return;
        const data = Buffer.concat(pending);
        pending = [];
        pendingBytes = 0;
        if (!call.write({ data })) await new Promise((resolve) => call.once('drain', resolve));
      };
      for await (const chunk of out) {
        pending.push(chunk as Buffer);
        pendingBytes += (chunk as Buffer).length;
        if (pendingBytes >= EXPORT_CHUNK_BYTES) await flush();
      }
      await flush();
      await writing;
      call.end();
    },

    async prune({ request }: Unary<Msg<'PruneRequest'>>): Promise<Msg<'PruneResponse'>> {
      return store.prune({ all: request.all });
    },

    async usage(): Promise<Msg<'UsageResponse'>> {
      const usage = await store.usage();
      return {
        images: usage.images,
        snapshots: usage.snapshots.map(({ key, size, inodes }) => ({ key, size, inodes })),
      };
    },
  };
  return handlers as unknown as UntypedServiceImplementation;
}
