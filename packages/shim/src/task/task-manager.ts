import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { task } from '@berth/api';
import { KeyedMutex, processStartTime } from '@berth/kit';
import type { Runtime } from '@berth/runtime';
import type Logger from 'bunyan';
import { findMemoryCgroup } from '../cgroup/memory-cgroup';
import { OomWatcher } from '../cgroup/oom-watcher';
import {
  ExecExistsError,
  ExecNotFoundError,
  InvalidRequestError,
  InvalidTransitionError,
  TaskExistsError,
  TaskNotFoundError,
} from '../errors';
import type { EventPublisher } from '../events';
import { checkId } from '../ids';
import type { ProcessExit } from '../process/exit';
import type { ExitMonitor } from '../process/exit-monitor';
import { ShimProcess } from '../process/shim-process';
import type { TaskRecord, TaskStore } from '../state/task-store';
import { openProcessIo } from './open-io';
import { ExitRecorder } from './exit-recorder';
import { parseJsonField } from './request-json';
import { restoredEntry } from './restore';
import { mountRootfs, unmountRootfs } from './rootfs';
import { Task, type ProcessEntry } from './task';

const { EventType } = task.v1;
type OciProcess = Parameters<Runtime['exec']>[1];
type OciResources = Parameters<Runtime['update']>[1];

const SIGTERM = 15;
const SIGKILL = 9;

export interface TaskManagerOptions {
  runtime: Runtime;
  store: TaskStore;
  events: EventPublisher;
  monitor: ExitMonitor;
  /** Where fifos and console sockets are made (short: socket paths are limited to 107 bytes). */
  workDir: string;
  log: Logger;
  /** A task was deleted (the shim may exit once it owns none). */
  onDeleted?: (id: string) => void;
}

export interface CreateParams {
  id: string;
  bundle: string;
  rootfs: task.v1.CreateRequest['rootfs'];
  stdio: task.v1.Stdio;
  terminal: boolean;
  options: Record<string, string>;
}

/**
 * The containers one shim owns and every operation of the Task API on them. Operations on one
 * task are serialised; exits arrive from the ExitMonitor at any time and only move a process
 * to stopped (ShimProcess orders them after the start event).
 */
export class TaskManager {
  private readonly tasks = new Map<string, Task>();
  private readonly mutex = new KeyedMutex();
  private readonly oom: OomWatcher;
  private readonly exits: ExitRecorder;

  constructor(private readonly options: TaskManagerOptions) {
    this.oom = new OomWatcher((id, kills) => {
      options.log.info({ id, kills }, 'OOM kill');
      options.events.publish(EventType.EVENT_TYPE_OOM, { id });
    }, options.log);
    this.exits = new ExitRecorder({
      monitor: options.monitor,
      oom: this.oom,
      events: options.events,
      log: options.log,
      persist: (id) => {
        const owner = this.tasks.get(id);
        if (owner) void this.persist(owner);
      },
    });
  }

  get size(): number {
    return this.tasks.size;
  }

  has(id: string): boolean {
    return this.tasks.has(id);
  }

  get(id: string): Task {
    const found = this.tasks.get(id);
    if (!found) throw new TaskNotFoundError(id);
    return found;
  }

  entry(id: string, execId: string): ProcessEntry {
    const found = this.get(id).entry(execId);
    if (!found) throw new ExecNotFoundError(id, execId);
    return found;
  }

  /**
   * Takes over the tasks a previous shim of this directory recorded (it was killed): processes
   * still alive are watched through pidfds (they are not this shim's children, so their exit
   * status is what the kernel still tells, else unknown), the others are stopped with the
   * status on record or unknown (255). Their stdio died with the old shim.
   */
  restore(records: TaskRecord[]): void {
    for (const record of records) {
      const onExit = this.exits.onExit;
      const init = restoredEntry(record.id, record.init, onExit);
      const restored = new Task(record.id, record.bundle, record.rootfsMounts ?? 0, init);
      for (const exec of record.execs)
        restored.execs.set(exec.execId, restoredEntry(record.id, exec, onExit));
      this.tasks.set(record.id, restored);
      for (const entry of restored.entries()) {
        if (entry.process.status !== 'stopped') this.exits.watch(restored, entry, true);
      }
      const cgroup = init.process.status === 'stopped' ? undefined : findMemoryCgroup(init.process.pid);
      if (cgroup) this.oom.watch(record.id, cgroup);
      void this.persist(restored);
      this.options.log.info({ id: record.id, status: init.process.status }, 'restored task');
    }
  }

  create(params: CreateParams): Promise<number> {
    checkId(params.id, 'id');
    return this.mutex.run(params.id, () => this.createLocked(params));
  }

  private async createLocked(params: CreateParams): Promise<number> {
    const { runtime, log } = this.options;
    const { id } = params;
    if (this.tasks.has(id)) throw new TaskExistsError(id);
    if (!path.isAbsolute(params.bundle)) throw new InvalidRequestError('bundle', 'must be an absolute path');
    const configFile = path.join(params.bundle, 'config.json');
    if (!existsSync(configFile)) throw new InvalidRequestError('bundle', `${configFile} does not exist`);
    const wantsTerminal = readTerminalFlag(configFile);
    if (params.terminal !== wantsTerminal)
      throw new InvalidRequestError(
        'terminal',
        `must match process.terminal (${wantsTerminal}) in ${configFile}`,
      );
    const rootfs = path.join(params.bundle, 'rootfs');
    const mounts = params.rootfs.length;
    if (mounts > 0) await mountRootfs(params.rootfs, rootfs);
    let opened: Awaited<ReturnType<typeof openProcessIo>> | undefined;
    let created = false;
    try {
      opened = await openProcessIo(params.stdio, params.terminal, this.options.workDir);
      const [container] = await Promise.all([
        runtime.create(id, {
          bundle: params.bundle,
          ...(opened.io ? { stdio: opened.io.containerStdio } : { stdio: ['ignore', 'ignore', 'ignore'] }),
          ...(opened.consoleSocket ? { consoleSocket: opened.consoleSocket } : {}),
          noPivot: params.options.no_pivot === 'true',
          noNewKeyring: params.options.no_new_keyring === 'true',
        }),
        opened.ready,
      ]);
      created = true;
      opened.io?.handedOver();
      const entry: ProcessEntry = {
        process: new ShimProcess(id, '', this.exits.onExit),
        terminal: params.terminal,
        stdio: params.stdio,
        ...(opened.io ? { io: opened.io } : {}),
      };
      entry.process.pid = container.pid;
      entry.startTime = processStartTime(container.pid);
      const created_ = new Task(id, params.bundle, mounts, entry);
      this.tasks.set(id, created_);
      this.exits.watch(created_, entry);
      const cgroup = findMemoryCgroup(container.pid);
      if (cgroup) this.oom.watch(id, cgroup);
      await this.persist(created_);
      this.options.events.publish(EventType.EVENT_TYPE_CREATE, { id, pid: container.pid });
      log.info({ id, initPid: container.pid }, 'created');
      return container.pid;
    } catch (error) {
      this.tasks.delete(id);
      opened?.io?.close();
      if (created) await runtime.delete(id, true).catch(() => undefined);
      if (mounts > 0) await unmountRootfs(rootfs, mounts).catch(() => undefined);
      throw error;
    }
  }

  start(id: string, execId: string): Promise<number> {
    return this.mutex.run(id, async () => {
      const found = this.get(id);
      const entry = this.entry(id, execId);
      const { process } = entry;
      process.beginStart();
      try {
        if (execId) await this.startExec(found, entry);
        else await this.options.runtime.start(id);
      } catch (error) {
        process.abortStart();
        throw error;
      }
      const type = execId ? EventType.EVENT_TYPE_EXEC_STARTED : EventType.EVENT_TYPE_START;
      this.options.events.publish(type, { id, execId, pid: process.pid });
      process.markStarted();
      // Not awaited: a running process needs no record to be found again (the created one is
      // on disk already), and the store keeps this task's writes in order.
      void this.persist(found);
      return process.pid;
    });
  }

  private async startExec(owner: Task, entry: ProcessEntry): Promise<void> {
    const { runtime } = this.options;
    owner.init.process.require('exec in', 'running');
    const opened = await openProcessIo(entry.stdio, entry.terminal, this.options.workDir);
    try {
      const [started] = await Promise.all([
        runtime.exec(owner.id, entry.spec as OciProcess, {
          stdio: opened.io ? opened.io.containerStdio : ['ignore', 'ignore', 'ignore'],
          ...(opened.consoleSocket ? { consoleSocket: opened.consoleSocket } : {}),
        }),
        opened.ready,
      ]);
      opened.io?.handedOver();
      if (opened.io) entry.io = opened.io;
      entry.process.pid = started.pid;
      entry.startTime = processStartTime(started.pid);
      this.exits.watch(owner, entry);
    } catch (error) {
      opened.io?.close();
      throw error;
    }
  }

  exec(id: string, execId: string, terminal: boolean, stdio: task.v1.Stdio, spec: Uint8Array): Promise<void> {
    checkId(execId, 'exec_id');
    return this.mutex.run(id, async () => {
      const owner = this.get(id);
      if (owner.execs.has(execId)) throw new ExecExistsError(id, execId);
      owner.init.process.require('exec in', 'running');
      const process = parseJsonField(spec, 'spec') as unknown as OciProcess;
      if (!Array.isArray(process.args) || process.args.length === 0)
        throw new InvalidRequestError('spec.args', 'must name the program to run');
      process.terminal = terminal;
      owner.execs.set(execId, {
        process: new ShimProcess(id, execId, this.exits.onExit),
        terminal,
        stdio,
        spec: process,
      });
      await this.persist(owner);
      this.options.events.publish(EventType.EVENT_TYPE_EXEC_ADDED, { id, execId });
    });
  }

  delete(id: string, execId: string): Promise<{ pid: number; exit: ProcessExit }> {
    return this.mutex.run(id, async () => {
      const owner = this.get(id);
      const entry = this.entry(id, execId);
      const { process } = entry;
      if (execId) {
        process.require('delete', 'created', 'stopped');
        entry.io?.close();
        owner.execs.delete(execId);
        await this.persist(owner);
        return { pid: process.pid, exit: process.exit ?? unstartedExit() };
      }
      process.require('delete', 'created', 'stopped');
      if (process.status === 'created') {
        await this.options.runtime.kill(id, SIGKILL, true).catch(() => undefined);
        await process.wait();
      }
      const exit = process.exit ?? unstartedExit();
      await this.options.runtime.delete(id, true);
      if (owner.rootfsMounts > 0) await unmountRootfs(path.join(owner.bundle, 'rootfs'), owner.rootfsMounts);
      for (const each of owner.entries()) {
        each.watch?.close();
        each.io?.close();
      }
      this.oom.unwatch(id);
      this.tasks.delete(id);
      await this.options.store.remove(id);
      this.options.events.publish(EventType.EVENT_TYPE_DELETE, {
        id,
        pid: process.pid,
        exitStatus: exit.status,
      });
      this.options.log.info({ id, exitStatus: exit.status }, 'deleted');
      this.options.onDeleted?.(id);
      return { pid: process.pid, exit };
    });
  }

  kill(id: string, execId: string, signal: number, all: boolean): Promise<void> {
    const number = signal || SIGTERM;
    return this.mutex.run(id, async () => {
      const entry = this.entry(id, execId);
      const { process } = entry;
      if (execId) {
        process.require('kill', 'running');
        // Reaped but not yet recorded (its output is draining): the pid may be someone else's now.
        if (!entry.watch) throw new InvalidTransitionError(process.description, 'kill', 'exited');
        globalThis.process.kill(process.pid, number);
        return;
      }
      if (!all) process.require('kill', 'created', 'running', 'paused');
      await this.options.runtime.kill(id, number, all);
    });
  }

  pause(id: string): Promise<void> {
    return this.mutex.run(id, async () => {
      const { process } = this.get(id).init;
      process.require('pause', 'running');
      await this.options.runtime.pause(id);
      process.setPaused(true);
      this.options.events.publish(EventType.EVENT_TYPE_PAUSED, { id });
    });
  }

  resume(id: string): Promise<void> {
    return this.mutex.run(id, async () => {
      const { process } = this.get(id).init;
      process.require('resume', 'paused');
      await this.options.runtime.resume(id);
      process.setPaused(false);
      this.options.events.publish(EventType.EVENT_TYPE_RESUMED, { id });
    });
  }

  update(id: string, resources: Uint8Array): Promise<void> {
    return this.mutex.run(id, async () => {
      this.get(id).init.process.require('update', 'created', 'running', 'paused');
      await this.options.runtime.update(
        id,
        parseJsonField(resources, 'resources') as unknown as OciResources,
      );
    });
  }

  pids(id: string): task.v1.ProcessInfo[] {
    const owner = this.get(id);
    const execByPid = new Map<number, string>();
    for (const [execId, entry] of owner.execs)
      if (entry.process.status !== 'stopped') execByPid.set(entry.process.pid, execId);
    if (owner.init.process.status === 'stopped') return [];
    return this.options.runtime.pids(id).map((pid) => ({ pid, execId: execByPid.get(pid) ?? '' }));
  }

  stats(id: string): unknown {
    this.get(id).init.process.require('read stats of', 'created', 'running', 'paused');
    return this.options.runtime.stats(id);
  }

  private async persist(owner: Task): Promise<void> {
    try {
      await this.options.store.save(owner.toRecord());
    } catch (err) {
      this.options.log.error({ err, id: owner.id }, 'saving task state failed');
    }
  }
}

/** A process deleted before it ever ran has no exit; report it as killed. */
function unstartedExit(): ProcessExit {
  return { status: 128 + SIGKILL, exitedAt: new Date().toISOString() };
}

function readTerminalFlag(configFile: string): boolean {
  try {
    const spec = JSON.parse(readFileSync(configFile, 'utf8')) as { process?: { terminal?: unknown } };
    return spec.process?.terminal === true;
  } catch (error) {
    throw new InvalidRequestError('bundle', `${configFile} is not valid JSON: ${(error as Error).message}`);
  }
}
