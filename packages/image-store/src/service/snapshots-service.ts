import type { ServerUnaryCall, UntypedServiceImplementation } from '@grpc/grpc-js';
import { images as api } from '@berth/api';

import type { Snapshotter } from '../snapshots/snapshotter';
import { mountsToProto, optional, snapshotInfoToProto } from './convert';

type Unary<Req> = ServerUnaryCall<Req, unknown>;
type pb = typeof api.v1;
type Msg<K extends keyof pb> = pb[K] extends { fromPartial(o: never): infer M } ? M : never;

/** berth.images.v1.Snapshots: a thin mapping onto the Snapshotter; kit maps its errors to statuses. */
export function snapshotsService(snapshots: Snapshotter): UntypedServiceImplementation {
  const handlers = {
    async prepare({ request }: Unary<Msg<'PrepareRequest'>>): Promise<Msg<'PrepareResponse'>> {
      return {
        mounts: mountsToProto(await snapshots.prepare(request.key, optional(request.parent), request.labels)),
      };
    },
    async view({ request }: Unary<Msg<'ViewRequest'>>): Promise<Msg<'ViewResponse'>> {
      return {
        mounts: mountsToProto(await snapshots.view(request.key, optional(request.parent), request.labels)),
      };
    },
    async mounts({ request }: Unary<Msg<'MountsRequest'>>): Promise<Msg<'MountsResponse'>> {
      return { mounts: mountsToProto(await snapshots.mounts(request.key)) };
    },
    async commit({ request }: Unary<Msg<'CommitRequest'>>): Promise<Msg<'CommitResponse'>> {
      const labels = Object.keys(request.labels).length > 0 ? request.labels : undefined;
      await snapshots.commit(request.name, request.key, labels ? { labels } : {});
      return {};
    },
    async removeSnapshot({
      request,
    }: Unary<Msg<'RemoveSnapshotRequest'>>): Promise<Msg<'RemoveSnapshotResponse'>> {
      await snapshots.remove(request.key);
      return {};
    },
    async stat({ request }: Unary<Msg<'StatRequest'>>): Promise<Msg<'StatResponse'>> {
      return { info: snapshotInfoToProto(await snapshots.stat(request.key)) };
    },
    async listSnapshots(): Promise<Msg<'ListSnapshotsResponse'>> {
      return { snapshots: (await snapshots.list()).map(snapshotInfoToProto) };
    },
    async snapshotUsage({
      request,
    }: Unary<Msg<'SnapshotUsageRequest'>>): Promise<Msg<'SnapshotUsageResponse'>> {
      return snapshots.usage(request.key);
    },
  };
  return handlers as unknown as UntypedServiceImplementation;
}
