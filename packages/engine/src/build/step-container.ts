// One RUN step as a one-shot container: the spec every container gets (capabilities, seccomp,
// masked paths, /proc, /dev...) with the step's argv, env, user and working directory, on the
// step's already mounted rootfs, in the build's shim, with its output streamed back as it comes.
// The container, its network namespace and its bundle are gone when this returns, and so are
// the mount points the runtime had to create in the rootfs (they must not end up in the layer).
import { randomUUID } from 'node:crypto';
import { closeSync, constants, openSync } from 'node:fs';
import { lstat, mkdir, rm, writeFile } from 'node:fs/promises';
import { Socket } from 'node:net';
import { join } from 'node:path';
import type { StepProcess } from '@berth/builder';
import { engine } from '@berth/api';
import type { Logger } from '@berth/kit';

import { settingsFromProto } from '../convert/create-request';
import type { ComponentClients } from '../components/component-clients';
import { hostNameservers, writeEtcFiles, type EtcPaths } from '../engine/etc-files';
import type { NetworkSetup } from '../engine/network-setup';
import { createFifos } from '../engine/process-io';
import { Undo } from '../engine/undo';
import { buildSpec } from '../spec/build-spec';
import type { HostFacts } from '../spec/custom-seccomp';
import type { ContainerRecord } from '../state/container-record';
import type { BuildShimPool } from './build-shim';

/** How long to wait for the last output after the exit before giving up on it. */
const OUTPUT_END_MS = 5000;

export interface StepContainerDeps {
  clients: ComponentClients;
  network: NetworkSetup;
  host: HostFacts;
  log: Logger;
}

/** The settings docker build gives a RUN container: defaults, the network mode asked for. */
function stepSettings(network: StepProcess['network']) {
  const networkMode = network === 'default' ? 'bridge' : network;
  return settingsFromProto(engine.v1.ContainerConfig.fromPartial({ image: 'berth-build', networkMode }))
    .settings;
}

/** The topmost component of `path` (absolute in the container) missing from `rootfs`. */
async function firstMissing(rootfs: string, path: string): Promise<string | undefined> {
  let current = '';
  for (const part of path.split('/').filter(Boolean)) {
    current = `${current}/${part}`;
    try {
      const stats = await lstat(join(rootfs, current));
      if (!stats.isDirectory() && current !== path) return undefined; // a link or file: leave it be
    } catch {
      return current;
    }
  }
  return undefined;
}

/** Opens a fifo's reading end so that it ends (EOF) once the shim closes its writing end. */
interface Output {
  stream: Socket;
  /** Our writing end, until closePlaceholder: -1 once closed (never closed twice: fds get reused). */
  placeholder: number;
  ended: Promise<void>;
}

function closePlaceholder(output: Output): void {
  if (output.placeholder < 0) return;
  const fd = output.placeholder;
  output.placeholder = -1;
  closeSync(fd);
}

function openOutput(path: string): Output {
  // A writer of our own until the shim has opened its end: without one, reads would see EOF.
  const placeholder = openSync(path, constants.O_RDWR | constants.O_NONBLOCK);
  const stream = new Socket({
    fd: openSync(path, constants.O_RDONLY | constants.O_NONBLOCK),
    readable: true,
    writable: false,
  });
  const ended = new Promise<void>((resolve) => {
    stream.once('end', resolve);
    stream.once('close', resolve);
    stream.once('error', () => resolve());
  });
  return { stream, placeholder, ended };
}

export async function runStepContainer(
  deps: StepContainerDeps,
  shims: BuildShimPool,
  workDir: string,
  step: StepProcess,
  /** Adds the milliseconds since the previous mark to `phase` (for the build's timing line). */
  mark: (phase: string) => void = () => undefined,
): Promise<number> {
  const id = `build-${randomUUID().replace(/-/g, '').slice(0, 24)}`;
  const log = deps.log.child({ step: step.id, container: id });
  const bundle = join(workDir, id);
  const undo = new Undo(log);
  await mkdir(bundle, { recursive: true, mode: 0o700 });
  undo.push(() => rm(bundle, { recursive: true, force: true }));
  try {
    const settings = stepSettings(step.network);
    let netns: string | undefined;
    let etc: EtcPaths;
    if (step.network === 'default') {
      const record = { id, name: id, settings, endpoints: [] } as unknown as ContainerRecord;
      undo.push(() => deps.network.tearDown(record));
      const result = await deps.network.setUp(record, bundle, []);
      netns = result.netns;
      etc = result.etc;
    } else {
      netns = step.network === 'host' ? 'host' : undefined; // none: a new, empty namespace
      etc = await writeEtcFiles(
        bundle,
        {
          hostname: id.slice(0, 12),
          domainname: '',
          hosts: [],
          extraHosts: [],
          nameservers: step.network === 'host' ? await hostNameservers() : [],
          search: [],
          options: [],
        },
        { durable: false },
      );
    }
    mark('run.network');
    const spec = buildSpec({
      id,
      settings,
      imageConfig: { Cmd: step.args },
      rootfs: step.rootfs,
      // As docker build: its resolver and hosts, the image's own /etc/hostname.
      etcFiles: { hosts: etc.hosts, resolvConf: etc.resolvConf },
      mounts: [],
      ...(netns === undefined ? {} : { netns }),
      host: deps.host,
    });
    spec.process = {
      ...spec.process!,
      args: step.args,
      env: step.env,
      cwd: step.cwd,
      user: { uid: step.uid, gid: step.gid, additionalGids: step.additionalGids },
    };
    // Mount points the runtime will have to create: removed afterwards, they are not the step's.
    const created = new Set<string>();
    for (const mount of spec.mounts ?? []) {
      const missing = await firstMissing(step.rootfs, mount.destination);
      if (missing !== undefined) created.add(missing);
    }
    undo.push(async () => {
      for (const path of created) await rm(join(step.rootfs, path), { recursive: true, force: true });
    });
    // Not atomic (no fsync): the bundle lives only as long as the step, and is gone after a crash.
    await writeFile(join(bundle, 'config.json'), JSON.stringify(spec));
    mark('run.spec');

    const fifos = await createFifos(bundle, 'run', { stdin: false, tty: false });
    const stdout = openOutput(fifos.stdout);
    const stderr = openOutput(fifos.stderr);
    stdout.stream.on('data', (chunk: Buffer) => step.output('stdout', chunk));
    stderr.stream.on('data', (chunk: Buffer) => step.output('stderr', chunk));
    undo.push(async () => {
      for (const output of [stdout, stderr]) {
        output.stream.destroy();
        closePlaceholder(output);
      }
    });

    mark('run.fifos');
    const leased = await shims.acquire();
    mark('run.shim');
    const task = leased.task;
    try {
      await task.call.create({ id, bundle, rootfs: [], stdio: fifos, terminal: false, options: {} });
    } catch (err) {
      leased.release();
      throw err;
    }
    // The shim takes the next step only once this one's task is gone.
    undo.push(() => task.call.delete({ id, execId: '' }).then(() => leased.release()));
    for (const output of [stdout, stderr]) closePlaceholder(output);
    mark('run.create');
    const kill = () => void task.call.kill({ id, execId: '', signal: 9, all: true }).catch(() => undefined);
    step.signal?.addEventListener('abort', kill, { once: true });
    try {
      if (step.signal?.aborted === true) throw step.signal.reason;
      await task.call.start({ id, execId: '' });
      mark('run.start');
      const { exitStatus } = await task.call.wait({ id, execId: '' }, { deadlineMs: Infinity });
      mark('run.process');
      await Promise.race([
        Promise.all([stdout.ended, stderr.ended]),
        new Promise((resolve) => setTimeout(resolve, OUTPUT_END_MS).unref()),
      ]);
      mark('run.output');
      return exitStatus;
    } finally {
      step.signal?.removeEventListener('abort', kill);
    }
  } finally {
    await undo.run();
    mark('run.cleanup');
  }
}
