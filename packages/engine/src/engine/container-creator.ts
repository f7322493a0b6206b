// Creating a container: the name reserved first, the image resolved (and pulled), a snapshot
// prepared, volumes created, the record stored; any failure undoes the earlier steps.
import { join } from 'node:path';
import type { CreateInput } from '../convert/create-request';
import { InvalidOptionError } from '../errors';
import { checkName } from '../naming/container-index';
import { newId } from '../naming/ids';
import type { ContainerRecord, MountRecord } from '../state/container-record';
import { initialState } from '../state/container-state';
import { ContainerOperation } from './container-operation';
import type { PullProgress } from './image-resolver';
import { PhaseTimer } from './phase-timer';
import { Undo } from './undo';

export class ContainerCreator extends ContainerOperation {
  async create(
    name: string,
    input: CreateInput,
    progress: (p: PullProgress) => void,
  ): Promise<ContainerRecord> {
    const { settings } = input;
    const id = newId();
    const index = this.registry.index;
    const wanted = name === '' ? index.freeName() : checkName(name);
    // Reserve the name first: a concurrent create of the same name fails before doing anything.
    index.add(id, wanted);
    const undo = new Undo(this.deps.log);
    undo.push(async () => index.remove(id));
    try {
      return await this.registry.withId(id, async () => {
        const time = new PhaseTimer(this.deps.log.child({ container: id }), 'create');
        const image = await this.deps.images.resolve(settings.image, input.pull, input.platform, progress);
        time.mark('image');
        if (settings.init && this.deps.initBinary === '')
          throw new InvalidOptionError(
            'init',
            "no init binary is installed (install Debian's tini, or set --init-binary)",
          );
        const dir = await this.registry.store.createDir(id);
        time.mark('dir');
        undo.push(() => this.registry.store.remove(id));
        await this.deps.clients.snapshots.call.prepare({
          key: id,
          parent: image.chainId,
          labels: { 'org.berth.container': id },
        });
        time.mark('snapshot');
        undo.push(() => this.deps.clients.snapshots.call.removeSnapshot({ key: id }).then(() => undefined));
        const mounts = await this.createVolumes(id, input, image.config.config?.Volumes ?? {}, undo);
        time.mark('volumes');
        const record: ContainerRecord = {
          version: 1,
          id,
          name: wanted,
          created: new Date().toISOString(),
          settings,
          imageId: image.id,
          imageName: image.name,
          imageConfig: image.config.config ?? {},
          state: initialState(),
          restartCount: 0,
          manuallyStopped: false,
          ports: [],
          endpoints: [],
          mounts,
          shimSocket: '',
          netnsPath: '',
          bundle: join(dir, 'bundle'),
          logPath: join(dir, `${id}-json.log`),
        };
        await this.registry.save(record, { durable: true });
        this.publish(record, 'create');
        time.mark('save');
        time.done();
        return record;
      });
    } catch (err) {
      await undo.run();
      throw err;
    }
  }

  /** Named volumes are created if missing; anonymous ones for unnamed mounts and image VOLUMEs. */
  private async createVolumes(
    id: string,
    input: CreateInput,
    imageVolumes: Record<string, unknown>,
    undo: Undo,
  ): Promise<MountRecord[]> {
    const records: MountRecord[] = [];
    const requests = [...input.settings.mounts];
    for (const target of Object.keys(imageVolumes)) {
      if (!requests.some((m) => m.target === target))
        requests.push({ kind: 'volume', source: '', target, readOnly: false });
    }
    for (const request of requests) {
      if (request.kind === 'tmpfs') {
        records.push({
          kind: 'tmpfs',
          name: '',
          source: '',
          destination: request.target,
          readOnly: request.readOnly,
          propagation: '',
          anonymous: false,
        });
        continue;
      }
      if (request.kind === 'bind') {
        records.push({
          kind: 'bind',
          name: request.source,
          source: request.source,
          destination: request.target,
          readOnly: request.readOnly,
          propagation: request.propagation ?? 'rprivate',
          anonymous: false,
        });
        continue;
      }
      const existed = request.source !== '' && (await this.deps.volumes.find(request.source)) !== undefined;
      const volume = await this.deps.volumes.create({
        name: request.source,
        labels: request.volumeLabels ?? {},
      });
      if (!existed) {
        undo.push(() => this.deps.volumes.remove(volume.name, { force: true }));
        this.deps.events.publish('volume', 'create', volume.name, { driver: 'local', container: id });
      }
      records.push({
        kind: 'volume',
        name: volume.name,
        source: this.deps.volumes.dataPath(volume.name),
        destination: request.target,
        readOnly: request.readOnly,
        propagation: '',
        anonymous: request.source === '',
      });
    }
    return records;
  }
}
