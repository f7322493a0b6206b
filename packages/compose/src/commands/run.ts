// `compose run SERVICE [COMMAND]`: a one-off container of the service, after its dependencies.
import { randomBytes } from 'node:crypto';
import { engine as api } from '@berth/api';
import type { CommandContext, CommandDefinition } from './command';
import type { Engine } from '../engine/engine';
import { pumpSession, terminalSize } from '../engine/session-pump';
import { flag } from './flag-specs';
import { ensureNetworks, ensureVolumes, usedNetworkKeys, usedVolumeKeys } from '../up/resources';
import { dependencyOrder } from '../plan/order';
import { DependencyWaiter } from '../up/dependencies';
import { convergeService } from '../up/converge';
import { replicasOf } from '../model/check-project';
import { ofServices, projectContainers } from './project-containers';
import { configHash } from '../plan/config-hash';
import { containerConfig } from '../plan/container-config';
import { oneOffContainerName, serviceImage } from '../plan/names';
import { followLogs } from './logs';
import { splitShellWords } from '../model/reader';
import { UnknownServiceError, UsageError } from '../errors';
import { ensureBuilt } from '../build/ensure-built';

export const run: CommandDefinition = {
  name: 'run',
  usage: '[OPTIONS] SERVICE [COMMAND] [ARGS...]',
  summary: 'Run a one-off command on a service',
  stopAtFirstArg: true,
  minArgs: 1,
  flags: [
    flag('detach', 'boolean', 'Run container in background and print container ID', 'd'),
    flag('rm', 'boolean', 'Automatically remove the container when it exits'),
    flag('name', 'string', 'Assign a name to the container'),
    flag('env', 'list', 'Set environment variables', 'e'),
    flag('entrypoint', 'string', 'Override the entrypoint of the image'),
    flag('user', 'string', 'Run as specified username or uid', 'u'),
    flag('workdir', 'string', 'Working directory inside the container', 'w'),
    flag('no-deps', 'boolean', "Don't start linked services"),
    flag('no-TTY', 'boolean', 'Disable pseudo-TTY allocation (allocated when stdin is a terminal)', 'T'),
  ],
  async run(ctx, flags, args) {
    const [service, ...command] = args;
    const project = ctx.project([service]);
    const { model } = project;
    const config = model.services[service];
    if (!config) throw new UnknownServiceError(service);
    const engine = ctx.engine();
    const dependencies = flags.boolean('no-deps')
      ? []
      : dependencyOrder(model.services, [service]).filter((s) => s !== service);
    await ensureBuilt(engine, project, [...dependencies, service], { always: false, report: ctx.err });
    await ensureNetworks(engine, model, usedNetworkKeys(model, [service, ...dependencies]), ctx.err);
    await ensureVolumes(engine, model, usedVolumeKeys(model, [service, ...dependencies]), ctx.err);
    const existing = await projectContainers(engine, model.name);
    const waiter = new DependencyWaiter(
      engine,
      model,
      async (s) => ofServices(await projectContainers(engine, model.name), [s]),
      ctx.signal,
    );
    for (const dependency of dependencies) {
      await waiter.waitFor(dependency);
      await convergeService(engine, project, dependency, ofServices(existing, [dependency]), {
        replicas: Math.max(1, replicasOf(model.services[dependency])),
        forceRecreate: false,
        report: ctx.err,
      });
    }
    if (!flags.boolean('no-deps')) await waiter.waitFor(service);

    const environment = { ...config.environment };
    for (const entry of flags.list('env')) {
      const eq = entry.indexOf('=');
      if (eq <= 0) throw new UsageError(`invalid --env "${entry}": expected KEY=value`);
      environment[entry.slice(0, eq)] = entry.slice(eq + 1);
    }
    const entrypoint = flags.string('entrypoint');
    const oneOff = {
      ...config,
      environment,
      ...(command.length ? { command } : {}),
      ...(entrypoint !== undefined
        ? {
            entrypoint: splitShellWords(entrypoint, () => new UsageError('--entrypoint: unterminated quote')),
          }
        : {}),
      ...(flags.string('user') !== undefined ? { user: flags.string('user') } : {}),
      ...(flags.string('workdir') !== undefined ? { working_dir: flags.string('workdir') } : {}),
    };
    const oneOffModel = { ...model, services: { ...model.services, [service]: oneOff } };
    const name =
      flags.string('name') ?? oneOffContainerName(model.name, service, randomBytes(6).toString('hex'));
    const spec = containerConfig({
      model: oneOffModel,
      service,
      number: 0,
      containerName: name,
      hash: configHash(oneOff, serviceImage(model.name, service, oneOff)),
      workingDir: project.workingDir,
      configFiles: project.configFiles,
    });
    // docker compose: a terminal, with stdin, when ours is one (unless -T or -d).
    const tty = !flags.boolean('detach') && !flags.boolean('no-TTY') && ctx.io.stdin.isTTY === true;
    if (tty) Object.assign(spec, { tty: true, openStdin: true, stdinOnce: true });
    const id = await engine.createContainer(name, spec);
    if (tty) {
      const code = await runWithTerminal(ctx, engine, id);
      if (flags.boolean('rm')) await engine.removeContainer(id, { force: true, volumes: true });
      return code;
    }
    await engine.startContainer(id);
    if (flags.boolean('detach')) {
      ctx.out(`${name}\n`);
      return;
    }
    const [container] = (await projectContainers(engine, model.name, { oneOff: true })).filter(
      (c) => c.id === id,
    );
    if (container) await followLogs(ctx, [container], { follow: true, colour: false, prefix: false });
    const result = await engine.waitContainer(id);
    if (flags.boolean('rm')) await engine.removeContainer(id, { force: true, volumes: true });
    return result.statusCode;
  },
};

/**
 * Attaches the caller's terminal to the one-off container, then starts it once the engine
 * says the session is open, so not even its first output is missed. The exit code comes from
 * the session (or a wait registered before the start); the detach keys leave it running
 * (exit 0, as docker compose).
 */
async function runWithTerminal(ctx: CommandContext, engine: Engine, id: string): Promise<number> {
  const exited = engine.waitContainer(id, api.v1.WaitCondition.WAIT_CONDITION_NEXT_EXIT);
  exited.catch(() => undefined);
  const size = terminalSize(ctx.io.stdout);
  const code = await pumpSession(
    `attach to ${id}`,
    engine.attach(),
    {
      input: {
        $case: 'start',
        start: api.v1.AttachStart.fromPartial({
          id,
          stdin: true,
          stdout: true,
          stderr: true,
          ...(size ? { size } : {}),
        }),
      },
    },
    (input) => ({ input }),
    { stdout: (data) => ctx.io.stdout.write(data), stdin: ctx.io.stdin, terminal: ctx.io.stdout },
    { onOpen: () => engine.startContainer(id) },
  );
  if (code === -1) return 0;
  // The engine records the exit after the session reports it: wait for that before `--rm`.
  const recorded = (await exited).statusCode;
  return code ?? recorded;
}
