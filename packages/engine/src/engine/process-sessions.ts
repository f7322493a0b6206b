// Attach to a container's init process, and exec extra processes in it: both become an
// IoSession over fifos the shim writes and reads.
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CAPABILITIES, type Capability, type Process, type Spec } from '@berth/oci';
import type { ComponentClients } from '../components/component-clients';
import { InvalidOptionError } from '../errors';
import { capabilitySets } from '../spec/capabilities';
import { checkEnv, mergeEnv } from '../spec/env';
import { resolveUser } from '../spec/user';
import { assertAllowed, isActive } from '../state/container-state';
import type { ContainerRecord } from '../state/container-record';
import type { ContainerRegistry } from './container-registry';
import { DEFAULT_DETACH_KEYS, parseDetachKeys } from './detach-keys';
import type { EventBus } from './event-bus';
import { IoSession } from './io-session';
import { CallerStreams, createFifos, removeFifos, type FifoPaths } from './process-io';

export interface ExecOptions {
  id: string;
  cmd: string[];
  env: string[];
  user: string;
  workingDir: string;
  tty: boolean;
  stdin: boolean;
  detach: boolean;
  detachKeys: string;
  privileged: boolean;
  size?: { width: number; height: number };
}

export interface RunningSession {
  session?: IoSession;
  execId: string;
  pid: number;
  /** Resolves with the exit status. */
  exited: Promise<number>;
  /** Releases the engine's ends (and for execs the exec record and fifos). */
  release(): Promise<void>;
}

/** Where a container's init fifos live: created at start, attachable while it runs. */
export function initFifoDir(registry: ContainerRegistry, id: string): string {
  return join(registry.store.dir(id), 'io');
}

export class ProcessSessions {
  constructor(
    private readonly registry: ContainerRegistry,
    private readonly clients: ComponentClients,
    private readonly events: EventBus,
    /** What `exec --privileged` grants: every capability the engine may hand out. */
    private readonly allCapabilities: readonly Capability[] = CAPABILITIES,
  ) {}

  private keys(text: string): Buffer {
    return parseDetachKeys(text === '' ? DEFAULT_DETACH_KEYS : text === 'none' ? '' : text);
  }

  private async execProcess(record: ContainerRecord, options: ExecOptions): Promise<Process> {
    if (options.cmd.length === 0) throw new InvalidOptionError('cmd', 'no command specified');
    const spec = JSON.parse(await readFile(join(record.bundle, 'config.json'), 'utf8')) as Spec;
    const base = spec.process!;
    const rootfs = join(record.bundle, 'rootfs');
    const read = (path: string) => readFile(join(rootfs, path), 'utf8').catch(() => undefined);
    const user = options.user
      ? resolveUser(options.user, await read('etc/passwd'), await read('etc/group')).user
      : base.user;
    return {
      ...base,
      terminal: options.tty,
      args: options.cmd,
      env: mergeEnv([base.env ?? [], checkEnv(options.env)]),
      cwd: options.workingDir || base.cwd,
      user,
      ...(options.privileged ? { capabilities: capabilitySets([...this.allCapabilities]) } : {}),
    };
  }

  async exec(options: ExecOptions): Promise<RunningSession> {
    const record = this.registry.find(options.id);
    assertAllowed('exec', record.state.status, record.id, record.name);
    const shim = this.clients.task(record.shimSocket);
    const process = await this.execProcess(record, options);
    const execId = randomBytes(8).toString('hex');
    let fifos: FifoPaths | undefined;
    let streams: CallerStreams | undefined;
    if (!options.detach) {
      fifos = await createFifos(initFifoDir(this.registry, record.id), `exec-${execId}`, {
        stdin: options.stdin,
        tty: options.tty,
      });
      streams = new CallerStreams(fifos);
    }
    const cleanup = async () => {
      streams?.close();
      await shim.call.delete({ id: record.id, execId }).catch(() => undefined);
      if (fifos) await removeFifos(fifos);
    };
    try {
      await shim.call.exec({
        id: record.id,
        execId,
        terminal: options.tty,
        stdio: { stdin: fifos?.stdin ?? '', stdout: fifos?.stdout ?? '', stderr: fifos?.stderr ?? '' },
        spec: Buffer.from(JSON.stringify(process)),
      });
      const { pid } = await shim.call.start({ id: record.id, execId });
      if (options.tty && options.size)
        await shim.call.resizePty({ id: record.id, execId, ...options.size }).catch(() => undefined);
      this.events.publish('container', 'exec_start', record.id, { name: record.name, execID: execId });
      const exited = shim.call.wait({ id: record.id, execId }, { deadlineMs: Infinity }).then((r) => {
        this.events.publish('container', 'exec_die', record.id, {
          name: record.name,
          execID: execId,
          exitCode: String(r.exitStatus),
        });
        return r.exitStatus;
      });
      // A detached exec cleans up after itself when it ends.
      if (options.detach) void exited.finally(cleanup).catch(() => undefined);
      const session =
        streams && fifos
          ? new IoSession(streams, fifos, this.keys(options.detachKeys), {
              resize: (width, height) => shim.call.resizePty({ id: record.id, execId, width, height }),
              closeStdin: () => shim.call.closeIo({ id: record.id, execId, stdin: true }),
            })
          : undefined;
      return { ...(session ? { session } : {}), execId, pid, exited, release: cleanup };
    } catch (err) {
      await cleanup();
      throw err;
    }
  }

  async attach(options: { id: string; stdin: boolean; detachKeys: string }): Promise<RunningSession> {
    const record = this.registry.find(options.id);
    assertAllowed('attach', record.state.status, record.id, record.name);
    const beforeStart = record.state.status === 'created' || record.state.status === 'exited';
    const dir = initFifoDir(this.registry, record.id);
    const tty = record.settings.tty;
    const stdin = options.stdin && record.settings.openStdin;
    // Before the start the fifos may not exist yet: make them here; the start keeps them.
    if (beforeStart) await createFifos(dir, 'init', { stdin: record.settings.openStdin, tty, keep: true });
    const paths = {
      stdin: stdin ? join(dir, 'init-stdin') : '',
      stdout: join(dir, 'init-stdout'),
      stderr: tty ? '' : join(dir, 'init-stderr'),
    };
    const streams = new CallerStreams(paths);
    // The shim of the run the session sees: before the start there is none yet.
    const shim = () => this.clients.task(this.registry.get(record.id).shimSocket);
    let pendingSize: { width: number; height: number } | undefined;
    const session = new IoSession(streams, paths, this.keys(options.detachKeys), {
      resize: async (width, height) => {
        if (!isActive(this.registry.get(record.id).state.status)) {
          pendingSize = { width, height };
          return;
        }
        await shim().call.resizePty({ id: record.id, execId: '', width, height });
      },
      closeStdin: () =>
        record.settings.stdinOnce
          ? shim().call.closeIo({ id: record.id, execId: '', stdin: true })
          : Promise.resolve(),
    });
    this.events.publish('container', 'attach', record.id, { name: record.name });
    let unsubscribe = () => {};
    const exited = beforeStart
      ? new Promise<number>((resolve) => {
          unsubscribe = this.events.subscribe({}, (event) => {
            if (event.type !== 'container' || event.id !== record.id) return;
            if (event.action === 'start' && pendingSize && tty)
              void shim()
                .call.resizePty({ id: record.id, execId: '', ...pendingSize })
                .catch(() => undefined);
            if (event.action === 'die') resolve(Number(event.attributes.exitCode ?? 0));
            if (event.action === 'destroy') resolve(record.state.exitCode);
          });
        })
      : shim()
          .call.wait({ id: record.id, execId: '' }, { deadlineMs: Infinity })
          .then((r) => r.exitStatus);
    return {
      session,
      execId: '',
      pid: record.state.pid,
      exited,
      release: async () => {
        unsubscribe();
        session.close();
        this.events.publish('container', 'detach', record.id, { name: record.name });
      },
    };
  }
}
