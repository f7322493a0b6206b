// Changing a container after create: its networks (also while it runs), its limits and
// restart policy, and reaching its files (with the root filesystem mounted for the call).
import { cpus } from 'node:os';
import { join } from 'node:path';
import type { LinuxResources } from '@berth/oci';
import { mountRootfs, unmountRootfs } from '../components/rootfs-mount';
import { InvalidOptionError } from '../errors';
import type { RestartPolicy } from '../options/restart-policy';
import { checkResources, type ResourceSettings } from '../spec/resources';
import type { ContainerRecord } from '../state/container-record';
import { assertAllowed, isActive } from '../state/container-state';
import { ContainerOperation } from './container-operation';

export class ContainerChanges extends ContainerOperation {
  /**
   * Runs `fn` with the container's root filesystem mounted (it already is while the container
   * runs; a stopped one is mounted for the call), holding the container's lock.
   */
  async withRootfs<T>(ref: string, fn: (record: ContainerRecord, rootfs: string) => Promise<T>): Promise<T> {
    return this.registry.withContainer(ref, async (record) => {
      const rootfs = join(record.bundle, 'rootfs');
      if (isActive(record.state.status)) return fn(record, rootfs);
      const { mounts } = await this.deps.clients.snapshots.call.mounts({ key: record.id });
      await mountRootfs(mounts, rootfs);
      try {
        return await fn(record, rootfs);
      } finally {
        await unmountRootfs(rootfs);
      }
    });
  }

  /** The networks a container is attached to at start (the network mode when none were listed). */
  private attachments(record: ContainerRecord) {
    const { settings } = record;
    if (settings.networks.length > 0) return settings.networks;
    return settings.networkMode === 'host' ||
      settings.networkMode === 'none' ||
      settings.networkMode.startsWith('container:')
      ? []
      : [{ network: settings.networkMode, aliases: [], ipv4Address: '' }];
  }

  async connect(
    ref: string,
    attachment: { network: string; aliases: string[]; ipv4Address: string },
  ): Promise<void> {
    await this.registry.withContainer(ref, async (record) => {
      const mode = record.settings.networkMode;
      if (mode === 'host' || mode === 'none' || mode.startsWith('container:'))
        throw new InvalidOptionError(
          'network',
          `container cannot be connected to a network with --network ${record.settings.networkMode}`,
        );
      const current = this.attachments(record);
      if (current.some((a) => a.network === attachment.network))
        throw new InvalidOptionError(
          'network',
          `endpoint with name ${record.name} already exists in network ${attachment.network}`,
        );
      const next = { ...record, settings: { ...record.settings, networks: [...current, attachment] } };
      if (isActive(record.state.status)) {
        const { endpoint } = await this.deps.network.attach(record, record.netnsPath, attachment, []);
        next.endpoints = [...record.endpoints, endpoint];
      }
      await this.registry.save(next);
      this.deps.events.publish('network', 'connect', attachment.network, {
        container: record.id,
        name: attachment.network,
      });
    });
  }

  async disconnect(ref: string, network: string, force: boolean): Promise<void> {
    await this.registry.withContainer(ref, async (record) => {
      const current = this.attachments(record);
      if (!current.some((a) => a.network === network) && !force)
        throw new InvalidOptionError(
          'network',
          `container ${record.id.slice(0, 12)} is not connected to network ${network}`,
        );
      if (isActive(record.state.status)) {
        await this.deps.network.detach(record, network).catch((err) => {
          if (!force) throw err;
        });
      }
      await this.registry.save({
        ...record,
        settings: { ...record.settings, networks: current.filter((a) => a.network !== network) },
        endpoints: record.endpoints.filter((e) => e.network !== network),
      });
      this.deps.events.publish('network', 'disconnect', network, { container: record.id, name: network });
    });
  }

  /** Changes limits (applied to a running container through its shim) and the restart policy. */
  async update(
    ref: string,
    change: (record: ContainerRecord) => {
      resources: ResourceSettings;
      restartPolicy?: RestartPolicy;
      linux: LinuxResources;
    },
  ): Promise<{ warnings: string[] }> {
    return this.registry.withContainer(ref, async (record) => {
      assertAllowed('update', record.state.status, record.id, record.name);
      const next = change(record);
      checkResources(next.resources, cpus().length);
      if (next.restartPolicy && next.restartPolicy.name !== 'no' && record.settings.autoRemove)
        throw new InvalidOptionError('restart', 'conflicting options: --restart and --rm');
      if (isActive(record.state.status)) {
        await this.deps.clients.task(record.shimSocket).call.update({
          id: record.id,
          resources: Buffer.from(JSON.stringify(next.linux)),
        });
      }
      const settings = {
        ...record.settings,
        resources: next.resources,
        ...(next.restartPolicy ? { restartPolicy: next.restartPolicy } : {}),
      };
      await this.registry.save({ ...record, settings });
      this.publish(record, 'update');
      return { warnings: [] };
    });
  }
}
