// berth.engine.v1.Images.Build: options first, then the context tar streamed in; each builder
// event goes back as it happens and the result last. Everything the build made besides its
// layers and image (context, mount points, bundles, step containers) is gone when the call
// ends, whether it succeeded or not.
import { randomUUID } from 'node:crypto';
import { mkdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import type { ServerDuplexStream } from '@grpc/grpc-js';
import type { engine } from '@berth/api';
import {
  BuildCache,
  Builder,
  ContextStore,
  extractContext,
  type BuildEvent,
  type BuildRequest,
  type ContextCheckout,
  type ContextManifestEntry,
} from '@berth/builder';
import { CancelledError, InvalidArgumentError, type Logger } from '@berth/kit';

import type { ComponentClients } from '../components/component-clients';
import type { ShimLauncher } from '../components/shim-launcher';
import type { ImageResolver } from '../engine/image-resolver';
import type { NetworkSetup } from '../engine/network-setup';
import type { HostFacts } from '../spec/custom-seccomp';
import type { BuildShimPool } from './build-shim';
import { OverlayBuildBackend } from './overlay-backend';

export interface BuildServiceDeps {
  clients: ComponentClients;
  images: ImageResolver;
  shims: ShimLauncher;
  network: NetworkSetup;
  host: HostFacts;
  log: Logger;
  /** The engine's state directory: the build cache and scratch space live in `<root>/builder`. */
  root: string;
}

type BuildCall = ServerDuplexStream<engine.v1.BuildRequest, engine.v1.BuildResponse>;

const NETWORKS = ['default', 'none', 'host'] as const;

function toRequest(options: engine.v1.BuildOptions, contextDir: string): BuildRequest {
  const network = options.network === '' || options.network === 'bridge' ? 'default' : options.network;
  if (!(NETWORKS as readonly string[]).includes(network))
    throw new InvalidArgumentError(`--network: "${options.network}" is not default, none or host`, {
      reason: 'INVALID_BUILD_NETWORK',
    });
  return {
    dockerfile: options.dockerfile,
    dockerfileName: options.dockerfileName || 'Dockerfile',
    contextDir,
    tags: [...options.tags],
    buildArgs: { ...options.buildArgs },
    labels: { ...options.labels },
    ...(options.target !== '' ? { target: options.target } : {}),
    noCache: options.noCache,
    pull: options.pull,
    ...(options.platform !== '' ? { platform: options.platform } : {}),
    network: network as BuildRequest['network'],
  };
}

function toResponse(event: BuildEvent): engine.v1.BuildResponse {
  switch (event.type) {
    case 'step':
      return {
        event: {
          $case: 'step',
          step: { stage: event.stage, step: event.step, text: event.text, cached: event.cached },
        },
      };
    case 'output':
      return {
        event: { $case: 'output', output: { step: event.step, stream: event.stream, data: event.data } },
      };
    case 'warning':
      return { event: { $case: 'warning', warning: event.message } };
  }
}

/**
 * How many stages have a RUN (at most 2, what this machine's build can use at once): a rough
 * read of the Dockerfile, only to start that many shims early.
 */
function runStages(dockerfile: string): number {
  const stages = dockerfile.split(/^\s*FROM\s/im).slice(1);
  return Math.min(2, stages.filter((stage) => /^\s*RUN\s/im.test(stage)).length);
}

/** The context chunks that follow the options, as the tar stream extractContext reads. */
function contextStream(messages: AsyncIterator<engine.v1.BuildRequest>): Readable {
  return Readable.from(
    (async function* () {
      for (let next = await messages.next(); next.done !== true; next = await messages.next()) {
        const part = next.value.part;
        if (part?.$case !== 'context')
          throw new InvalidArgumentError('Build: only context chunks may follow the options');
        yield Buffer.from(part.context);
      }
    })(),
  );
}

/** Paths per BuildContextWanted message: far below gRPC's 4 MiB message limit. */
const WANTED_PER_MESSAGE = 8192;

/** The manifest parts that follow the options of an incremental upload, up to the `last` one. */
async function readManifest(messages: AsyncIterator<engine.v1.BuildRequest>): Promise<ContextManifestEntry[]> {
  const entries: ContextManifestEntry[] = [];
  for (;;) {
    const next = await messages.next();
    const part = next.done === true ? undefined : next.value.part;
    if (part?.$case !== 'manifest')
      throw new InvalidArgumentError('Build: with a context_id, the context manifest must follow the options');
    entries.push(...part.manifest.entries);
    if (part.manifest.last) return entries;
  }
}

/**
 * An incremental upload: the client's manifest against the engine's copy of that context, and
 * the files it lacks asked for. Resolves once the request is out, with the files' arrival (into
 * the checkout's directory) still to come in the returned promise.
 */
async function syncContext(
  call: BuildCall,
  messages: AsyncIterator<engine.v1.BuildRequest>,
  checkout: ContextCheckout,
): Promise<{ received: Promise<void> }> {
  const wanted = await checkout.sync(await readManifest(messages));
  for (let start = 0; start === 0 || start < wanted.length; start += WANTED_PER_MESSAGE) {
    const paths = wanted.slice(start, start + WANTED_PER_MESSAGE);
    const last = start + WANTED_PER_MESSAGE >= wanted.length;
    call.write({ event: { $case: 'contextWanted', contextWanted: { paths, last } } });
  }
  return { received: checkout.receive(contextStream(messages)) };
}

/**
 * Removes the build's scratch directory, unless something is still mounted under it (a failed
 * unmount): removing through a mount would delete the snapshot's own files.
 */
async function removeUnlessMounted(dir: string, log: Logger): Promise<void> {
  const mounts = await readFile('/proc/self/mounts', 'utf8');
  const busy = mounts.split('\n').some((line) => line.split(' ')[1]?.startsWith(`${dir}/`));
  if (busy) {
    log.warn({ dir }, 'build directory still has mounts; left in place');
    return;
  }
  await rm(dir, { recursive: true, force: true });
}

export function buildService(deps: BuildServiceDeps, shims: BuildShimPool) {
  const cache = new BuildCache(join(deps.root, 'builder', 'cache'));
  const contexts = new ContextStore(join(deps.root, 'builder', 'contexts'));
  return {
    async build(call: BuildCall): Promise<void> {
      // Reading to the end must not destroy the call: the answer still goes out on it.
      const messages = (
        call as unknown as {
          iterator(options: { destroyOnReturn: boolean }): AsyncIterator<engine.v1.BuildRequest>;
        }
      ).iterator({ destroyOnReturn: false });
      const first = await messages.next();
      const part = first.done === true ? undefined : first.value.part;
      if (part?.$case !== 'options')
        throw new InvalidArgumentError('Build: the first message must carry the build options');
      const buildId = `build-${randomUUID().replace(/-/g, '').slice(0, 16)}`;
      const log = deps.log.child({ build: buildId });
      const workDir = join(deps.root, 'builder', 'tmp', buildId);
      const contextDir = join(workDir, 'context');
      await mkdir(contextDir, { recursive: true, mode: 0o700 });
      shims.prewarm(runStages(part.options.dockerfile));
      const backend = new OverlayBuildBackend({ ...deps, log, shims, workDir });
      // The client went away (Ctrl-C in berth build): stop the build, store nothing.
      const abort = new AbortController();
      const onCancelled = () => {
        log.info('build cancelled by the client');
        abort.abort();
      };
      call.once('cancelled', onCancelled);
      const started = performance.now();
      const phases: Record<string, number> = {};
      let result;
      let checkout: ContextCheckout | undefined;
      // The context arrives while the build starts: steps that do not read it (FROM, RUN, a
      // WORKDIR, other stages) need not wait for its manifest or files; COPY and ADD from it do.
      let contextReady: Promise<void> | undefined;
      try {
        let request = toRequest(part.options, contextDir);
        if (part.options.contextId !== '') {
          checkout = await contexts.checkout(part.options.contextId, contextDir);
          contextReady = syncContext(call, messages, checkout).then((synced) => synced.received);
          request = { ...request, contextDir: checkout.dir };
        } else contextReady = extractContext(contextStream(messages), contextDir);
        // Awaited below and by the steps that read it; here only timed.
        contextReady.then(
          () => (phases.context = Math.round(performance.now() - started)),
          () => undefined,
        );
        const builder = new Builder({ backend, cache, tempDir: workDir });
        if (abort.signal.aborted) throw new CancelledError('build cancelled', { reason: 'BUILD_CANCELLED' });
        result = await builder.build(
          { ...request, contextReady },
          (event) => call.write(toResponse(event)),
          { signal: abort.signal },
        );
        // A build that read nothing of it still fails on a bad upload.
        await contextReady;
      } finally {
        call.off('cancelled', onCancelled);
        // Nothing may still be writing into the context when it is released or removed.
        await contextReady?.catch(() => undefined);
        await checkout?.release();
        // Before the answer: a caller that got it finds nothing of the build left.
        await backend.cleanup();
        await removeUnlessMounted(workDir, log);
      }
      log.info({ image: result.imageId, executed: result.executed, cached: result.cached }, 'built');
      // berthd --log-level debug: where a build's time went (see tools/bench/build).
      log.debug(
        {
          op: 'build',
          ms: { ...phases, ...backend.timings, total: Math.round(performance.now() - started) },
        },
        'timing',
      );
      call.write({ event: { $case: 'result', result } });
      call.end();
    },
  };
}
