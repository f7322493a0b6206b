// berth.images.v1.Images.WriteContent and CreateImage: how a builder (berthd's `Build`) puts the
// layers, config and manifest it made into the store and names the result. Both reuse what pulls
// use: the ingest area (verified, atomic, single-flight per digest) and the image records.

import type { ServerReadableStream, ServerUnaryCall } from '@grpc/grpc-js';
import { images as api } from '@berth/api';
import { InvalidArgumentError } from '@berth/kit';
import { DigestMismatchError, isManifest, parseDigest, SizeMismatchError } from '@berth/oci';

import { BlobNotFoundError } from '../errors';
import type { ImageStore } from '../image-store';
import { canonicalImageName } from '../images/image-name';
import { loadLocalImage } from '../images/local-image';
import { imageToProto } from './convert';

type pb = typeof api.v1;
type Msg<K extends keyof pb> = pb[K] extends { fromPartial(o: never): infer M } ? M : never;

export function contentHandlers(store: ImageStore) {
  return {
    async writeContent(
      call: ServerReadableStream<Msg<'WriteContentRequest'>, Msg<'WriteContentResponse'>>,
    ): Promise<Msg<'WriteContentResponse'>> {
      const messages = (call as AsyncIterable<Msg<'WriteContentRequest'>>)[Symbol.asyncIterator]();
      const head = await messages.next();
      if (head.done === true) throw new InvalidArgumentError('WriteContent: the stream was empty');
      const { digest, size } = head.value;
      try {
        parseDigest(digest);
      } catch {
        throw new InvalidArgumentError(`WriteContent: invalid digest "${digest}"`, {
          reason: 'INVALID_DIGEST',
        });
      }
      if (!Number.isSafeInteger(size) || size < 0)
        throw new InvalidArgumentError(`WriteContent: invalid size ${size}`, { reason: 'INVALID_SIZE' });
      const existed = await store.content.has(digest);
      let consumed = false;
      // A resumed ingest already holds a prefix: skip that many bytes of what the caller sends.
      const open = async (offset: number) =>
        (async function* () {
          consumed = true;
          let skip = offset;
          for (
            let next: IteratorResult<Msg<'WriteContentRequest'>> = head;
            next.done !== true;
            next = await messages.next()
          ) {
            let data = Buffer.from(next.value.data);
            if (skip > 0) {
              const dropped = Math.min(skip, data.length);
              skip -= dropped;
              data = data.subarray(dropped);
            }
            if (data.length > 0) yield data;
          }
        })();
      try {
        await store.content.fetch({ expected: { digest, size }, open });
      } catch (error) {
        if (error instanceof DigestMismatchError || error instanceof SizeMismatchError) {
          await store.content.ingests.abort(`blob-${digest}`);
          throw new InvalidArgumentError(`WriteContent: ${error.message}`, { reason: 'CONTENT_MISMATCH' });
        }
        throw error;
      }
      // Present already: the rest of the upload is not needed, but must be read to end the call.
      if (!consumed) {
        for (let next: IteratorResult<unknown> = head; next.done !== true; next = await messages.next());
      }
      return { digest, size, existed };
    },

    async createImage({
      request,
    }: ServerUnaryCall<Msg<'CreateImageRequest'>, unknown>): Promise<Msg<'CreateImageResponse'>> {
      const target = request.target;
      if (target === undefined || target.digest === '')
        throw new InvalidArgumentError('CreateImage: target (the manifest descriptor) is required');
      if (!isManifest(target.mediaType))
        throw new InvalidArgumentError(
          `CreateImage: target media type "${target.mediaType}" is not an image manifest`,
          { reason: 'INVALID_MEDIA_TYPE' },
        );
      const names = request.names.map((name) => {
        try {
          return canonicalImageName(name).name;
        } catch (error) {
          throw new InvalidArgumentError(`CreateImage: invalid name "${name}": ${(error as Error).message}`, {
            reason: 'INVALID_NAME',
          });
        }
      });
      const descriptor = { mediaType: target.mediaType, digest: target.digest, size: target.size };
      const image = await loadLocalImage(store.content, descriptor);
      for (const layer of image.manifest.layers) {
        if (!(await store.content.has(layer.digest))) throw new BlobNotFoundError(layer.digest);
      }
      const records = [];
      if (names.length === 0) records.push(await store.storeUntagged(descriptor, request.labels));
      for (const name of names) records.push(await store.setName(name, descriptor, request.labels));
      const images = [];
      for (const record of records) images.push(imageToProto(record, await store.inspect(record.name)));
      return { images };
    },

    async blobStatus({
      request,
    }: ServerUnaryCall<Msg<'BlobStatusRequest'>, unknown>): Promise<Msg<'BlobStatusResponse'>> {
      const missing = [];
      for (const digest of request.digests) if (!(await store.content.has(digest))) missing.push(digest);
      return { missing };
    },
  };
}
