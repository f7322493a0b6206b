// Containers of the engine double. Each one runs its entrypoint + cmd as a real host process
// (no isolation: the double checks compose's use of the API, not containment), so logs, exec,
// stop, kill and wait behave as with berthd: output is captured, signals are delivered, exit
// codes are reported.
import { engine } from '@berth/api';
import type { sendUnaryData, ServerDuplexStream, ServerUnaryCall, ServerWritableStream } from '@grpc/grpc-js';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { startHealthcheck, stopHealthcheck, type DoubleHealth } from './health';
import type { ResourceStore } from './resources';
import {
  alreadyExists,
  failedPrecondition,
  invalidArgument,
  labelMatches,
  matchesFilters,
  notFound,
} from './status';

const { ContainerState, OutputStream, MountType } = engine.v1;
type Unary<Req, Res> = (call: ServerUnaryCall<Req, Res>, callback: sendUnaryData<Res>) => void;

/** What an image runs when the service sets no command (the double has no image configs). */
const IMAGE_DEFAULT_CMD = ['sleep', '100000'];

interface LogLine {
  stream: engine.v1.OutputStream;
  data: Buffer;
  time: Date;
}

export interface DoubleContainer {
  id: string;
  name: string;
  config: engine.v1.ContainerConfig;
  created: Date;
  state: engine.v1.ContainerState;
  process?: ChildProcess;
  exitCode: number;
  log: LogLine[];
  logListeners: Set<(line: LogLine | null) => void>;
  exitWaiters: Set<() => void>;
  health?: DoubleHealth;
}

export class ContainerStore {
  readonly containers = new Map<string, DoubleContainer>();
  /** Every call by name, so tests can assert that `up` left containers alone. */
  readonly calls: string[] = [];

  constructor(
    private readonly resources: ResourceStore,
    private readonly workDir: string,
  ) {
    resources.inUse = (kind, name) =>
      [...this.containers.values()].some((c) =>
        kind === 'network'
          ? c.config.networks.some((n) => n.network === name) || c.config.networkMode === name
          : c.config.mounts.some((m) => m.type === MountType.MOUNT_TYPE_VOLUME && m.source === name),
      );
  }

  find(idOrName: string): DoubleContainer | undefined {
    return this.containers.get(idOrName) ?? [...this.containers.values()].find((c) => c.name === idOrName);
  }

  /** Kills every process; tests call it when they end, pass or fail. */
  async killAll(): Promise<void> {
    await Promise.all([...this.containers.values()].map((c) => this.stopProcess(c, 'SIGKILL', 0)));
  }

  service(): Partial<engine.v1.ContainersServer> {
    const unary =
      <Req extends { id: string }, Res>(
        name: string,
        body: (c: DoubleContainer, req: Req) => Promise<Res> | Res,
      ): Unary<Req, Res> =>
      ({ request }, callback) => {
        this.calls.push(`${name} ${request.id}`);
        const container = this.find(request.id);
        if (!container) return callback(notFound(`container ${request.id}`));
        Promise.resolve()
          .then(() => body(container, request))
          .then(
            (response) => callback(null, response),
            (err: Error) => callback(err as never),
          );
      };
    return {
      createContainer: (call) => this.create(call),
      startContainer: unary('start', (c) => this.start(c)),
      stopContainer: unary('stop', async (c, req: engine.v1.StopContainerRequest) => {
        await this.stopProcess(c, 'SIGTERM', req.timeout ?? c.config.stopTimeout ?? 10);
        return {};
      }),
      restartContainer: unary('restart', async (c, req: engine.v1.RestartContainerRequest) => {
        await this.stopProcess(c, 'SIGTERM', req.timeout ?? 10);
        await this.start(c);
        return {};
      }),
      killContainer: unary('kill', async (c, req: engine.v1.KillContainerRequest) => {
        if (c.state !== ContainerState.CONTAINER_STATE_RUNNING)
          throw failedPrecondition(`container ${c.name} is not running`);
        await this.stopProcess(c, (req.signal || 'SIGKILL') as NodeJS.Signals, 10);
        return {};
      }),
      removeContainer: unary('remove', async (c, req: engine.v1.RemoveContainerRequest) => {
        if (c.state === ContainerState.CONTAINER_STATE_RUNNING && !req.force) {
          throw failedPrecondition(`container ${c.name} is running: stop it or use force`);
        }
        await this.stopProcess(c, 'SIGKILL', 0);
        this.containers.delete(c.id);
        return { id: c.id };
      }),
      listContainers: ({ request }, callback) => {
        this.calls.push('list');
        const containers = [...this.containers.values()]
          .filter((c) => request.all || c.state === ContainerState.CONTAINER_STATE_RUNNING)
          .filter((c) =>
            matchesFilters(request.filters, (key, value) =>
              key === 'label'
                ? labelMatches(c.config.labels, value)
                : key === 'name'
                  ? c.name.includes(value)
                  : false,
            ),
          )
          .map((c) => this.summary(c));
        callback(null, { containers });
      },
      inspectContainer: unary('inspect', (c) => ({
        id: c.id,
        state: c.state,
        json: JSON.stringify({
          Id: c.id,
          Name: `/${c.name}`,
          State: {
            Status: c.state === ContainerState.CONTAINER_STATE_RUNNING ? 'running' : 'exited',
            ExitCode: c.exitCode,
            ...(c.health
              ? { Health: { Status: c.health.status, FailingStreak: c.health.failingStreak } }
              : {}),
          },
          Config: c.config.healthcheck?.test.length
            ? { Healthcheck: { Test: c.config.healthcheck.test } }
            : {},
        }),
      })),
      waitContainer: unary('wait', async (c) => {
        if (c.state === ContainerState.CONTAINER_STATE_RUNNING)
          await new Promise<void>((resolve) => c.exitWaiters.add(resolve));
        return { statusCode: c.exitCode, error: '' };
      }),
      topContainer: unary('top', (c) => ({
        titles: ['PID', 'CMD'],
        processes: c.process?.pid
          ? [{ values: [String(c.process.pid), [...c.config.entrypoint, ...c.config.cmd].join(' ')] }]
          : [],
      })),
      containerPort: unary('port', (c) => ({ ports: c.config.portBindings })),
      containerLogs: (call) => this.logs(call),
      execContainer: (call) => this.exec(call),
    };
  }

  private async create(
    call: ServerWritableStream<engine.v1.CreateContainerRequest, engine.v1.CreateContainerResponse>,
  ): Promise<void> {
    const { name, config } = call.request;
    this.calls.push(`create ${name}`);
    const fail = (err: Error) => void call.emit('error', err);
    if (!config) return fail(invalidArgument('config is required'));
    if ([...this.containers.values()].some((c) => c.name === name))
      return fail(alreadyExists(`container name ${name}`));
    for (const network of config.networks) {
      if (!this.resources.networks.has(network.network)) return fail(notFound(`network ${network.network}`));
    }
    if (!this.resources.hasImage(config.image)) {
      if (config.image.startsWith('missing/')) return fail(notFound(`image ${config.image}`));
      this.resources.addImage(config.image);
      call.write({
        result: {
          $case: 'progress',
          progress: { id: '', status: `Pulled ${config.image}`, current: 0, total: 0 },
        },
      });
    }
    for (const mount of config.mounts) {
      if (mount.type === MountType.MOUNT_TYPE_VOLUME && mount.source)
        this.resources.ensureVolume(mount.source, mount.volumeLabels);
    }
    const id = randomBytes(32).toString('hex');
    this.containers.set(id, {
      id,
      name,
      config,
      created: new Date(),
      state: ContainerState.CONTAINER_STATE_CREATED,
      exitCode: 0,
      log: [],
      logListeners: new Set(),
      exitWaiters: new Set(),
    });
    call.write({ result: { $case: 'created', created: { id, name, warnings: [] } } });
    call.end();
  }

  private start(c: DoubleContainer): engine.v1.StartContainerResponse {
    if (c.state === ContainerState.CONTAINER_STATE_RUNNING) return { pid: c.process?.pid ?? 0 };
    const argv = [...(c.config.entrypointSet ? c.config.entrypoint : []), ...c.config.cmd];
    const [file, ...args] = argv.length ? argv : IMAGE_DEFAULT_CMD;
    const child = spawn(file, args, {
      cwd: this.workDir,
      env: envOf(c.config.env),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    c.process = child;
    c.state = ContainerState.CONTAINER_STATE_RUNNING;
    c.health = startHealthcheck(c.config.healthcheck, { cwd: this.workDir, env: envOf(c.config.env) });
    const record = (stream: engine.v1.OutputStream) => (data: Buffer) => {
      const line = { stream, data, time: new Date() };
      c.log.push(line);
      c.logListeners.forEach((listener) => listener(line));
    };
    child.stdout?.on('data', record(OutputStream.OUTPUT_STREAM_STDOUT));
    child.stderr?.on('data', record(OutputStream.OUTPUT_STREAM_STDERR));
    child.on('error', (err) => record(OutputStream.OUTPUT_STREAM_STDERR)(Buffer.from(`${err.message}\n`)));
    child.on('close', (code, signal) => {
      c.exitCode = code ?? 128 + (signal === 'SIGKILL' ? 9 : 15);
      c.state = ContainerState.CONTAINER_STATE_EXITED;
      c.process = undefined;
      stopHealthcheck(c.health);
      c.logListeners.forEach((listener) => listener(null));
      c.exitWaiters.forEach((resolve) => resolve());
      c.exitWaiters.clear();
    });
    return { pid: child.pid ?? 0 };
  }

  private async stopProcess(
    c: DoubleContainer,
    signal: NodeJS.Signals,
    timeoutSeconds: number,
  ): Promise<void> {
    const child = c.process;
    if (!child || c.state !== ContainerState.CONTAINER_STATE_RUNNING) return;
    const exited = new Promise<void>((resolve) => c.exitWaiters.add(resolve));
    child.kill(signal);
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutSeconds * 1000);
    await exited;
    clearTimeout(timer);
  }

  private logs(
    call: ServerWritableStream<engine.v1.ContainerLogsRequest, engine.v1.ContainerLogsResponse>,
  ): void {
    const c = this.find(call.request.id);
    if (!c) {
      call.emit('error', notFound(`container ${call.request.id}`));
      return;
    }
    const send = (line: LogLine) => call.write({ stream: line.stream, data: line.data, time: line.time });
    const tail = call.request.tail ?? -1;
    (tail >= 0 ? c.log.slice(Math.max(0, c.log.length - tail)) : c.log).forEach(send);
    if (!call.request.follow || c.state !== ContainerState.CONTAINER_STATE_RUNNING) {
      call.end();
      return;
    }
    const listener = (line: LogLine | null) => {
      if (line) return send(line);
      c.logListeners.delete(listener);
      call.end();
    };
    c.logListeners.add(listener);
    call.on('cancelled', () => c.logListeners.delete(listener));
  }

  private exec(
    call: ServerDuplexStream<engine.v1.ExecContainerRequest, engine.v1.ExecContainerResponse>,
  ): void {
    call.once('data', (message: engine.v1.ExecContainerRequest) => {
      if (message.input?.$case !== 'start')
        return call.emit('error', invalidArgument('the first message must be start'));
      const start = message.input.start;
      this.calls.push(`exec ${start.id}`);
      const c = this.find(start.id);
      if (!c) return call.emit('error', notFound(`container ${start.id}`));
      if (c.state !== ContainerState.CONTAINER_STATE_RUNNING)
        return call.emit('error', failedPrecondition(`container ${c.name} is not running`));
      const child = spawn(start.cmd[0], start.cmd.slice(1), {
        cwd: start.workingDir || this.workDir,
        env: envOf([...c.config.env, ...start.env]),
        stdio: [start.stdin ? 'pipe' : 'ignore', 'pipe', 'pipe'],
      });
      child.stdin?.on('error', () => undefined);
      call.on('data', (next: engine.v1.ExecContainerRequest) => {
        if (next.input?.$case === 'stdin') child.stdin?.write(Buffer.from(next.input.stdin));
        else if (next.input?.$case === 'closeStdin') child.stdin?.end();
      });
      call.write({
        output: {
          $case: 'started',
          started: { execId: randomBytes(8).toString('hex'), pid: child.pid ?? 0 },
        },
      });
      const chunk = (stream: engine.v1.OutputStream) => (data: Buffer) =>
        call.write({ output: { $case: 'chunk', chunk: { stream, data } } });
      child.stdout?.on('data', chunk(OutputStream.OUTPUT_STREAM_STDOUT));
      child.stderr?.on('data', chunk(OutputStream.OUTPUT_STREAM_STDERR));
      child.on('error', () => {
        call.write({ output: { $case: 'exit', exit: { exitCode: 127 } } });
        call.end();
      });
      child.on('close', (code) => {
        call.write({ output: { $case: 'exit', exit: { exitCode: code ?? 137 } } });
        call.end();
      });
    });
  }

  private summary(c: DoubleContainer): engine.v1.ContainerSummary {
    const running = c.state === ContainerState.CONTAINER_STATE_RUNNING;
    return engine.v1.ContainerSummary.fromPartial({
      id: c.id,
      names: [`/${c.name}`],
      image: c.config.image,
      imageId:
        [...this.resources.images.values()].find((i) =>
          i.repoTags.includes(c.config.image.includes(':') ? c.config.image : `${c.config.image}:latest`),
        )?.id ?? '',
      command: [...c.config.entrypoint, ...c.config.cmd].join(' '),
      created: c.created,
      state: c.state,
      status: running
        ? `Up${c.health ? (c.health.status === 'starting' ? ' (health: starting)' : ` (${c.health.status})`) : ''}`
        : c.state === ContainerState.CONTAINER_STATE_CREATED
          ? 'Created'
          : `Exited (${c.exitCode})`,
      ports: c.config.portBindings.map((p) => ({
        privatePort: p.containerPort,
        publicPort: p.hostPort,
        type: p.protocol,
        ip: p.hostIp,
      })),
      labels: c.config.labels,
      networks: c.config.networks.map((n) => n.network),
      health: running ? (c.health?.status ?? '') : '',
    });
  }
}

function envOf(entries: string[]): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH };
  for (const entry of entries) {
    const eq = entry.indexOf('=');
    if (eq > 0) env[entry.slice(0, eq)] = entry.slice(eq + 1);
  }
  return env;
}
