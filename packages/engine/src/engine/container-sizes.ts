// `ps -s`: each container's writable layer (its snapshot's own directory) and the whole root
// filesystem it sees (that plus its image's unpacked layers), from one berth-images Usage call.
import type { ComponentClients } from '../components/component-clients';
import type { ContainerRecord } from '../state/container-record';

export interface ContainerSize {
  rw: number;
  rootFs: number;
}

export async function measureContainers(
  clients: ComponentClients,
  records: readonly ContainerRecord[],
): Promise<Map<string, ContainerSize>> {
  const usage = await clients.images.call.usage({});
  const unpacked = new Map(usage.images.map((image) => [image.name, Number(image.unpackedSize)]));
  const snapshots = new Map(usage.snapshots.map((snapshot) => [snapshot.key, Number(snapshot.size)]));
  const sizes = new Map<string, ContainerSize>();
  for (const record of records) {
    const rw = snapshots.get(record.id) ?? 0;
    sizes.set(record.id, { rw, rootFs: rw + (unpacked.get(record.imageName) ?? 0) });
  }
  return sizes;
}
