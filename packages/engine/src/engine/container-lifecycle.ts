// Container life cycle: start, stop, kill, restart, pause, remove, wait, rename, the handling
// of exits (restart policies, --rm) and recovery after an engine restart. Each step that
// changes the world records what it did, and a failed step undoes the earlier ones, so
// nothing is left half-made.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { task } from '@berth/api';
import { writeJsonAtomic } from '@berth/kit';
import { mountRootfs, unmountRootfs } from '../components/rootfs-mount';
import { checkName } from '../naming/container-index';
import { parseSignal } from '../options/signals';
import { shouldRestartAfterExit } from '../restart/restart-decision';
import { buildSpec, type ResolvedMount } from '../spec/build-spec';
import { hostDevices } from '../spec/host-devices';
import type { ContainerRecord, MountRecord } from '../state/container-record';
import { DEFAULT_STOP_TIMEOUT_S } from '../state/container-settings';
import { assertAllowed, isActive } from '../state/container-state';
import { joinedContainer } from '../convert/create-request';
import { InvalidStateError } from '../errors';
import { ContainerOperation } from './container-operation';
import { wasOomKilled } from './oom';
import { createFifos } from './process-io';
import { processNetns, type JoinedNetwork } from './network-setup';
import { initFifoDir } from './process-sessions';
import { PhaseTimer } from './phase-timer';
import { Undo } from './undo';

const SIGKILL = 9;
const UNKNOWN_EXIT = 255;

export class ContainerLifecycle extends ContainerOperation {
  /** Callbacks waiting for a container's next exit (stop, wait, restart). */
  private readonly exitWaiters = new Map<string, Set<(code: number) => void>>();
  /** Callbacks waiting for a container's removal (wait --condition removed): its exit code, or why it stays. */
  private readonly removeWaiters = new Map<string, Set<(outcome: number | Error) => void>>();
  /** Containers whose last run handleExit released in full: their removal need not do it again. */
  private readonly released = new Set<string>();

  /** Set while the engine shuts down: waits cut short by closing channels are not exits. */
  private closing = false;

  /** Stops acting on exits and restarts; containers keep running under their shims. */
  shutdown(): void {
    this.closing = true;
    this.deps.scheduler.cancelAll();
  }

  // ---- start ---------------------------------------------------------------------------

  async start(ref: string): Promise<ContainerRecord> {
    const { id } = this.registry.find(ref);
    try {
      return await this.registry.withContainer(id, (record) => this.startLocked(record, true));
    } catch (err) {
      // docker's --rm covers a start that fails too (`run --rm busybox no-such-command` leaves
      // nothing): the caller still gets the start's error.
      const record = this.registry.has(id) ? this.registry.get(id) : undefined;
      if (record?.settings.autoRemove && !isActive(record.state.status))
        await this.remove(id, { force: true, volumes: true }).catch((removeErr) =>
          this.deps.log.warn({ err: removeErr, container: id }, '--rm after a failed start failed'),
        );
      throw err;
    }
  }

  private async startLocked(current: ContainerRecord, byUser: boolean): Promise<ContainerRecord> {
    assertAllowed('start', current.state.status, current.id, current.name);
    if (isActive(current.state.status)) return current;
    if (byUser) this.deps.scheduler.forget(current.id);
    const record: ContainerRecord = { ...current, manuallyStopped: false };
    const log = this.deps.log.child({ container: record.id });
    const undo = new Undo(log);
    const time = new PhaseTimer(log, 'start');
    this.released.delete(record.id);
    try {
      const dir = this.registry.store.dir(record.id);
      const rootfs = join(record.bundle, 'rootfs');
      const exposed = Object.keys(record.imageConfig.ExposedPorts ?? {});
      // Independent of each other, so at once: the rootfs (then its volumes), the network, the
      // shim's claim and the init fifos. All settle before an undo runs, so it sees every step.
      const [, net, shimSocket, fifos] = await settleAll([
        time.track('rootfs', async () => {
          const { mounts } = await this.deps.clients.snapshots.call.mounts({ key: record.id });
          await mountRootfs(mounts, rootfs);
          undo.push(() => unmountRootfs(rootfs));
          undo.push(() => this.releaseVolumes(record));
          await this.populateVolumes(record, rootfs);
        }),
        time.track('network', async () => {
          undo.push(() => this.deps.network.tearDown(record));
          return this.deps.network.setUp(record, dir, exposed, this.joinedNetwork(record));
        }),
        time.track('shim', async () => {
          const socket = await this.deps.shims.start(record.id);
          // The shim stays while a container claims it; a claim whose task was never created (the
          // runtime refused the bundle) would keep it alive for ever unless released.
          undo.push(() => this.deps.shims.release(record.id, socket));
          return socket;
        }),
        // Attach reads these; the shim holds them open so output never blocks without a reader.
        time.track('fifos', () =>
          createFifos(initFifoDir(this.registry, record.id), 'init', {
            stdin: record.settings.openStdin,
            tty: record.settings.tty,
            keep: true,
          }),
        ),
      ] as const);
      time.mark('prepare');
      record.endpoints = net.endpoints;
      record.ports = net.ports;
      record.netnsPath = net.netns === undefined || net.netns === 'host' ? '' : net.netns;
      record.shimSocket = shimSocket;
      const [passwd, group] = await Promise.all([
        readOptional(join(rootfs, 'etc/passwd')),
        readOptional(join(rootfs, 'etc/group')),
      ]);
      const spec = buildSpec({
        id: record.id,
        settings: record.settings,
        imageConfig: record.imageConfig,
        passwd,
        group,
        rootfs,
        etcFiles: net.etc,
        mounts: record.mounts.map((m): ResolvedMount => ({
          request: this.requestOf(record, m),
          hostPath: m.source,
        })),
        ...(net.netns === undefined ? {} : { netns: net.netns }),
        ...(record.settings.init ? { initBinary: this.deps.initBinary } : {}),
        ...(record.settings.privileged ? { devices: await hostDevices() } : {}),
        host: this.deps.host,
      });
      // Made again from the record at every start, so a crash can only lose what is rebuilt:
      // atomic, but not worth an fsync.
      await writeJsonAtomic(join(record.bundle, 'config.json'), spec, { durable: false });
      time.mark('spec');
      const shim = this.deps.clients.task(shimSocket);
      const create = () =>
        shim.call.create({
          id: record.id,
          bundle: record.bundle,
          rootfs: [],
          stdio: { ...fifos, log: { path: record.logPath, ...this.deps.logRotation } },
          terminal: record.settings.tty,
          options: {},
        });
      // A task left in the shim by a run whose exit the engine missed must go first: asked
      // only when the shim says so, which saves every other start a round trip.
      await create().catch(async (err: unknown) => {
        if ((err as { reason?: string }).reason !== 'TASK_EXISTS') throw err;
        await this.deleteStaleTask(record.id, shimSocket);
        await create();
      });
      // A start that fails after the runtime created the process (the command cannot be
      // executed) leaves a task the shim may still count as running: end it before the delete,
      // or the task and its shim would outlive the failed start.
      undo.push(async () => {
        await shim.call.kill({ id: record.id, execId: '', signal: 9, all: true }).catch(() => undefined);
        await shim.call.wait({ id: record.id, execId: '' }, { deadlineMs: 5000 }).catch(() => undefined);
        await shim.call.delete({ id: record.id, execId: '' });
      });
      time.mark('task-create');
      const { pid } = await shim.call.start({ id: record.id, execId: '' });
      time.mark('task-start');
      // The runtime made the namespace: --network container:<this> joins it through init.
      if (net.netns === undefined) record.netnsPath = processNetns(pid);
      record.state = {
        ...record.state,
        status: 'running',
        pid,
        exitCode: 0,
        error: '',
        oomKilled: false,
        startedAt: new Date().toISOString(),
      };
      await this.registry.save(record);
      this.watchExit(record);
      this.publish(record, 'start');
      time.mark('save');
      time.done();
      return record;
    } catch (err) {
      await undo.run();
      const failed = {
        ...current,
        state: {
          ...current.state,
          error: (err as Error).message,
          exitCode: current.state.status === 'created' ? 0 : 128,
        },
      };
      await this.registry.save(failed).catch(() => undefined);
      throw err;
    }
  }

  /** For --network container:<ref>: the running container whose namespace and /etc files to share. */
  private joinedNetwork(record: ContainerRecord): JoinedNetwork | undefined {
    const ref = joinedContainer(record.settings.networkMode);
    if (ref === undefined) return undefined;
    const target = this.registry.find(ref);
    if (target.state.status !== 'running')
      throw new InvalidStateError(
        record.id,
        `cannot join network of a non running container: ${target.id.slice(0, 12)}`,
      );
    const dir = this.registry.store.dir(target.id);
    return {
      netns: target.settings.networkMode === 'host' ? 'host' : target.netnsPath,
      etc: {
        hosts: join(dir, 'hosts'),
        hostname: join(dir, 'hostname'),
        resolvConf: join(dir, 'resolv.conf'),
      },
    };
  }

  private requestOf(record: ContainerRecord, mount: MountRecord) {
    const request = record.settings.mounts.find((m) => m.target === mount.destination);
    return (
      request ?? { kind: mount.kind, source: mount.name, target: mount.destination, readOnly: mount.readOnly }
    );
  }

  /**
   * Mounts volumes that have driver options (tmpfs, bind, ...), then docker's copy-up: image
   * content at a new volume's path goes into the volume.
   */
  private async populateVolumes(record: ContainerRecord, rootfs: string): Promise<void> {
    for (const mount of record.mounts) {
      if (mount.kind !== 'volume') continue;
      await this.deps.volumes.mount(mount.name);
      const request = record.settings.mounts.find((m) => m.target === mount.destination);
      await this.deps.volumes.populate(
        mount.name,
        request?.noCopy ? undefined : join(rootfs, mount.destination),
      );
    }
  }

  /** Unmounts the volumes with driver options that no other running container uses. */
  private async releaseVolumes(record: ContainerRecord): Promise<void> {
    for (const mount of record.mounts) {
      if (mount.kind !== 'volume') continue;
      const shared = this.registry
        .all()
        .some(
          (other) =>
            other.id !== record.id &&
            (isActive(other.state.status) || other.state.status === 'restarting') &&
            other.mounts.some((m) => m.kind === 'volume' && m.name === mount.name),
        );
      if (!shared)
        await this.deps.volumes
          .unmount(mount.name)
          .catch((err) => this.deps.log.warn({ err, container: record.id }, 'volume unmount failed'));
    }
  }

  /**
   * Whether a shim's client still serves other containers (shared shims): closing it would end
   * their Wait calls. A shim the launcher hands out next keeps its client too.
   */
  private shimInUse(socket: string, exceptId: string): boolean {
    if (this.deps.shims.mayReuse(socket)) return true;
    return this.registry.all().some((other) => other.id !== exceptId && other.shimSocket === socket);
  }

  /** Deletes a task of this id the shim still holds (NotFound: none). */
  private async deleteStaleTask(id: string, shimSocket: string): Promise<void> {
    try {
      await this.deps.clients.task(shimSocket).call.delete({ id, execId: '' });
    } catch (err) {
      if ((err as { code?: string }).code !== 'NotFound') throw err;
    }
  }

  /** Waits (without deadline) for the init process to exit, then handles the exit. */
  watchExit(record: ContainerRecord): void {
    const shim = this.deps.clients.task(record.shimSocket);
    const startedAt = record.state.startedAt;
    shim.call.wait({ id: record.id, execId: '' }, { deadlineMs: Infinity }).then(
      (response) =>
        void this.handleExit(record.id, startedAt, response.exitStatus, response.exitedAt ?? new Date()),
      (err: unknown) => {
        if (this.closing) return;
        this.deps.log.warn(
          { err, container: record.id },
          'lost the shim while waiting for the container to exit',
        );
        void this.handleExit(record.id, startedAt, UNKNOWN_EXIT, new Date());
      },
    );
  }

  // ---- exit ----------------------------------------------------------------------------

  private async handleExit(id: string, startedAt: string, exitStatus: number, exitedAt: Date): Promise<void> {
    if (this.closing || !this.registry.has(id)) return;
    let next: 'restart' | 'remove' | undefined;
    let ranForMs = 0;
    const time = new PhaseTimer(this.deps.log.child({ container: id }), 'exit');
    await this.registry.withId(id, async () => {
      if (!this.registry.has(id)) return;
      const current = this.registry.get(id);
      // A later run already replaced the one this exit belongs to.
      if (current.state.startedAt !== startedAt || !isActive(current.state.status)) return;
      // The shim exits once it owns no task: the next start launches a new one.
      const record = { ...current, endpoints: [], ports: [], shimSocket: '' };
      time.mark('lock');
      const oomKilled = await wasOomKilled(id);
      time.mark('oom');
      if (await this.releaseRun(current, time)) this.released.add(id);
      if (current.shimSocket && !this.shimInUse(current.shimSocket, id))
        this.deps.clients.dropTask(current.shimSocket);
      ranForMs = exitedAt.getTime() - Date.parse(startedAt);
      const removing = record.settings.autoRemove;
      const restart = shouldRestartAfterExit({
        policy: record.settings.restartPolicy,
        exitCode: exitStatus,
        restartCount: record.restartCount,
        manuallyStopped: record.manuallyStopped,
        removing,
      });
      record.state = {
        ...record.state,
        status: restart ? 'restarting' : 'exited',
        pid: 0,
        exitCode: exitStatus,
        oomKilled,
        finishedAt: exitedAt.toISOString(),
      };
      await this.registry.save(record);
      if (oomKilled) this.publish(record, 'oom');
      this.publish(record, 'die', { exitCode: String(exitStatus) });
      next = restart ? 'restart' : removing ? 'remove' : undefined;
    });
    for (const waiter of this.exitWaiters.get(id) ?? []) waiter(exitStatus);
    this.exitWaiters.delete(id);
    time.mark('record');
    if (next === 'remove')
      await this.remove(id, { force: true, volumes: true }).catch((err) =>
        this.deps.log.warn({ err, container: id }, '--rm failed'),
      );
    else this.released.delete(id);
    time.mark('remove');
    time.done();
    if (next === 'restart') this.scheduleRestart(id, ranForMs);
  }

  private scheduleRestart(id: string, ranForMs: number): void {
    this.deps.scheduler.schedule(id, ranForMs, () => {
      void this.registry
        .withContainer(id, async (record) => {
          if (record.state.status !== 'restarting') return;
          const counted = { ...record, restartCount: record.restartCount + 1 };
          await this.registry.save(counted);
          this.publish(counted, 'restart');
          await this.startLocked(counted, false);
        })
        .catch(async (err) => {
          this.deps.log.warn({ err, container: id }, 'restart failed');
          // Try again later, as docker does, unless the container went meanwhile.
          if (this.registry.has(id) && this.registry.get(id).state.status === 'restarting')
            this.scheduleRestart(id, 0);
        });
    });
  }

  /**
   * Undoes what a run set up: task, network, rootfs mount, volume mounts, at once (none needs
   * another gone first). Tolerates what is already gone; true when nothing was left behind.
   */
  private async releaseRun(record: ContainerRecord, time?: PhaseTimer): Promise<boolean> {
    const log = this.deps.log.child({ container: record.id });
    let clean = true;
    const step = (what: string, work: () => Promise<unknown>) =>
      work().catch((err) => {
        clean = false;
        log.warn({ err }, `${what} failed`);
      });
    const timed = (phase: string, work: () => Promise<unknown>) => (time ? time.track(phase, work) : work());
    await Promise.all([
      timed('task-delete', async () => {
        if (!record.shimSocket) return;
        await this.deps.clients
          .task(record.shimSocket)
          .call.delete({ id: record.id, execId: '' })
          .catch((err) => {
            // NotFound: already deleted; Unavailable: its shim is gone, and the task with it.
            const code = (err as { code?: string }).code;
            if (code !== 'NotFound' && code !== 'Unavailable') {
              clean = false;
              log.warn({ err }, 'deleting the task failed');
            }
          });
      }),
      timed('network', () => step('network teardown', () => this.deps.network.tearDown(record))),
      timed('rootfs', () =>
        step('rootfs unmount', async () => {
          await this.releaseVolumes(record);
          await unmountRootfs(join(record.bundle, 'rootfs'));
        }),
      ),
    ]);
    time?.mark('release');
    return clean;
  }

  // ---- stop, kill, restart ---------------------------------------------------------------

  private nextExit(id: string): Promise<number> {
    return new Promise((resolve) => {
      let set = this.exitWaiters.get(id);
      if (!set) this.exitWaiters.set(id, (set = new Set()));
      set.add(resolve);
    });
  }

  async stop(ref: string, timeoutS?: number, signal?: string): Promise<void> {
    const exited = await this.registry.withContainer(ref, async (record) => {
      assertAllowed('stop', record.state.status, record.id, record.name);
      this.deps.scheduler.cancel(record.id);
      const stopped = { ...record, manuallyStopped: true };
      if (record.state.status === 'restarting') stopped.state = { ...record.state, status: 'exited' };
      await this.registry.save(stopped);
      if (!isActive(record.state.status)) return undefined;
      const exit = this.nextExit(record.id);
      const shim = this.deps.clients.task(record.shimSocket);
      if (record.state.status === 'paused') await shim.call.resume({ id: record.id });
      const stopSignal = parseSignal(signal || record.settings.stopSignal || 'SIGTERM', 'signal').number;
      await shim.call.kill({ id: record.id, execId: '', signal: stopSignal, all: false });
      this.publish(record, 'kill', { signal: String(stopSignal) });
      return { exit, shim, record };
    });
    if (!exited) return;
    const grace = timeoutS ?? exited.record.settings.stopTimeout ?? DEFAULT_STOP_TIMEOUT_S;
    const inTime = grace < 0 ? await exited.exit : await Promise.race([exited.exit, delay(grace * 1000)]);
    if (inTime === undefined) {
      await exited.shim.call
        .kill({ id: exited.record.id, execId: '', signal: SIGKILL, all: true })
        .catch(() => undefined);
      await exited.exit;
    }
    this.publish(exited.record, 'stop');
  }

  async kill(ref: string, signal: string): Promise<void> {
    await this.registry.withContainer(ref, async (record) => {
      assertAllowed('kill', record.state.status, record.id, record.name);
      const number = parseSignal(signal || 'SIGKILL', 'signal').number;
      await this.registry.save({ ...record, manuallyStopped: true });
      await this.deps.clients
        .task(record.shimSocket)
        .call.kill({ id: record.id, execId: '', signal: number, all: false });
      this.publish(record, 'kill', { signal: String(number) });
    });
  }

  async restart(ref: string, timeoutS?: number, signal?: string): Promise<void> {
    await this.stop(ref, timeoutS, signal);
    await this.start(ref);
    this.publish(this.registry.find(ref), 'restart');
  }

  // ---- pause ---------------------------------------------------------------------------

  async pause(ref: string): Promise<void> {
    await this.registry.withContainer(ref, async (record) => {
      assertAllowed('pause', record.state.status, record.id, record.name);
      await this.deps.clients.task(record.shimSocket).call.pause({ id: record.id });
      await this.registry.save({ ...record, state: { ...record.state, status: 'paused' } });
      this.publish(record, 'pause');
    });
  }

  async unpause(ref: string): Promise<void> {
    await this.registry.withContainer(ref, async (record) => {
      assertAllowed('unpause', record.state.status, record.id, record.name);
      await this.deps.clients.task(record.shimSocket).call.resume({ id: record.id });
      await this.registry.save({ ...record, state: { ...record.state, status: 'running' } });
      this.publish(record, 'unpause');
    });
  }

  // ---- remove --------------------------------------------------------------------------

  async remove(ref: string, options: { force: boolean; volumes: boolean }): Promise<string> {
    const id = this.registry.index.resolve(ref);
    const record = this.registry.get(id);
    assertAllowed('remove', record.state.status, record.id, record.name, options.force);
    if (isActive(record.state.status)) {
      const exit = await this.registry.withContainer(id, async (current) => {
        // It may have exited since the check above (its shim is then gone): nothing to kill.
        // The exit is recorded under this lock, so a waiter added here cannot miss it.
        if (!isActive(current.state.status)) return undefined;
        // Wrapped: an async function returning the promise itself would hold the lock until it settles.
        const exited = { exit: this.nextExit(id) };
        await this.registry.save({ ...current, manuallyStopped: true });
        if (current.state.status === 'paused')
          await this.deps.clients.task(current.shimSocket).call.resume({ id });
        await this.deps.clients
          .task(current.shimSocket)
          .call.kill({ id, execId: '', signal: SIGKILL, all: true });
        return exited;
      });
      if (exit) await exit.exit;
    }
    return this.registry.withContainer(id, async (current) => {
      assertAllowed('remove', current.state.status, current.id, current.name, options.force);
      const time = new PhaseTimer(this.deps.log.child({ container: id }), 'remove');
      this.deps.scheduler.forget(id);
      this.registry.setTransient({ ...current, state: { ...current.state, status: 'removing' } });
      try {
        if (!this.released.delete(id)) await this.releaseRun(current);
        time.mark('release');
        await this.deps.clients.snapshots.call.removeSnapshot({ key: id }).catch((err) => {
          if ((err as { code?: string }).code !== 'NotFound') throw err;
        });
        time.mark('snapshot');
      } catch (err) {
        await this.registry.save({
          ...current,
          state: { ...current.state, status: 'dead', error: (err as Error).message },
        });
        this.notifyRemoveWaiters(id, err as Error);
        throw err;
      }
      if (current.shimSocket && !this.shimInUse(current.shimSocket, id))
        this.deps.clients.dropTask(current.shimSocket);
      await this.registry.delete(id);
      time.mark('delete');
      if (options.volumes) {
        for (const mount of current.mounts.filter((m) => m.kind === 'volume' && m.anonymous)) {
          await this.deps.volumes
            .remove(mount.name, { force: true })
            .catch((err) => this.deps.log.warn({ err, volume: mount.name }, 'volume kept'));
        }
      }
      this.publish(current, 'destroy');
      this.notifyRemoveWaiters(id, current.state.exitCode);
      time.mark('volumes');
      time.done();
      return id;
    });
  }

  private notifyRemoveWaiters(id: string, outcome: number | Error): void {
    for (const waiter of this.removeWaiters.get(id) ?? []) waiter(outcome);
    this.removeWaiters.delete(id);
  }

  // ---- wait, rename ------------------------------------------------------------------------

  /**
   * Resolves with the exit code once the condition holds (docker's wait conditions). For
   * `removed`, the code of the last run; a removal that fails (as --rm after the exit can)
   * rejects with its error, as docker's wait does, instead of waiting for ever.
   */
  async wait(ref: string, condition: 'not-running' | 'next-exit' | 'removed'): Promise<number> {
    const record = this.registry.find(ref);
    if (condition === 'removed') {
      const outcome = await new Promise<number | Error>((resolve) => {
        let set = this.removeWaiters.get(record.id);
        if (!set) this.removeWaiters.set(record.id, (set = new Set()));
        set.add(resolve);
      });
      if (outcome instanceof Error) throw outcome;
      return outcome;
    }
    if (condition === 'not-running' && !isActive(record.state.status) && record.state.status !== 'restarting')
      return record.state.exitCode;
    return this.nextExit(record.id);
  }

  async rename(ref: string, newName: string): Promise<void> {
    const name = checkName(newName);
    await this.registry.withContainer(ref, async (record) => {
      const old = record.name;
      this.registry.index.rename(record.id, name);
      try {
        await this.registry.save({ ...record, name });
      } catch (err) {
        this.registry.index.rename(record.id, old);
        throw err;
      }
      this.publish({ ...record, name }, 'rename', { oldName: `/${old}` });
    });
  }

  // ---- recovery ------------------------------------------------------------------------

  /**
   * After an engine restart: reattach to containers whose shim still runs them, record the
   * exits missed meanwhile, and start what the restart policies say must run.
   */
  async recover(shouldStart: (record: ContainerRecord) => boolean): Promise<void> {
    for (const record of this.registry.all()) {
      const log = this.deps.log.child({ container: record.id });
      try {
        if (isActive(record.state.status) && record.shimSocket) {
          const state = await this.deps.clients
            .task(record.shimSocket)
            .call.state({ id: record.id, execId: '' });
          if (
            state.status === task.v1.Status.STATUS_RUNNING ||
            state.status === task.v1.Status.STATUS_PAUSED
          ) {
            this.watchExit(record);
            log.info({ pid: state.pid }, 'reconnected to running container');
            continue;
          }
          await this.handleExit(
            record.id,
            record.state.startedAt,
            state.exitStatus,
            state.exitedAt ?? new Date(),
          );
          continue;
        }
        if (isActive(record.state.status)) {
          await this.handleExit(record.id, record.state.startedAt, UNKNOWN_EXIT, new Date());
          continue;
        }
        if (record.state.status === 'restarting' || record.state.status === 'removing') {
          await this.registry.save({ ...record, state: { ...record.state, status: 'exited' } });
        }
        if (shouldStart(this.registry.get(record.id))) await this.start(record.id);
      } catch (err) {
        if ((err as { code?: string }).code === 'Unavailable' && isActive(record.state.status)) {
          // The shim is gone with the container: record the exit we cannot know.
          await this.handleExit(record.id, record.state.startedAt, UNKNOWN_EXIT, new Date()).catch(
            () => undefined,
          );
        }
        log.warn({ err }, 'recovery of the container failed');
      }
    }
  }
}

/**
 * Awaits every step, then throws the first failure: a failed step must not leave the others
 * running while the undo of the whole runs.
 */
async function settleAll<T extends readonly unknown[]>(steps: { [K in keyof T]: Promise<T[K]> }): Promise<T> {
  const results = await Promise.allSettled(steps);
  const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) throw failed.reason;
  return results.map((r) => (r as PromiseFulfilledResult<unknown>).value) as unknown as T;
}

function delay(ms: number): Promise<undefined> {
  return new Promise((resolve) => setTimeout(() => resolve(undefined), ms).unref());
}

async function readOptional(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch {
    return undefined;
  }
}
