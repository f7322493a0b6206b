// `berth build`: reads the Dockerfile (which -f may take from outside the context), sends
// berthd's Build the context's manifest (.dockerignore applied) and then a tar of only the files
// the engine does not hold unchanged from an earlier build of the same directory, and prints the
// steps as BuildKit's plain progress does (`#3 [build 2/5] RUN make`, `#3 CACHED`, the step's
// output prefixed with its number) on stderr; -q prints only the image ID, on stdout.
import { readFile, stat, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { isAbsolute, join, relative, resolve } from 'node:path';
import type { engine as api } from '@berth/api';
import { bool, list, str } from '../../args/flag-spec';
import { InvalidArgumentError } from '../../errors';
import type { CommandContext, CommandDefinition } from '../command';
import { BuildPrinter } from './build-printer';

/** Bytes of context per message: well under gRPC's 4 MiB message limit. */
const CONTEXT_MESSAGE_BYTES = 1 << 20;

function keyValues(entries: string[], flag: string, env: NodeJS.ProcessEnv): Record<string, string> {
  const result: Record<string, string> = {};
  for (const entry of entries) {
    const eq = entry.indexOf('=');
    if (eq === 0) throw new InvalidArgumentError(`invalid --${flag} "${entry}": the name is empty`);
    // docker: `--build-arg NAME` takes the value from the environment, and is skipped when unset.
    if (eq < 0) {
      if (flag === 'build-arg') {
        if (env[entry] !== undefined) result[entry] = env[entry] as string;
      } else result[entry] = '';
    } else result[entry.slice(0, eq)] = entry.slice(eq + 1);
  }
  return result;
}

async function readDockerfile(
  contextDir: string,
  file: string | undefined,
): Promise<{ text: string; name: string }> {
  if (file === '-')
    throw new InvalidArgumentError('reading the Dockerfile from stdin (-f -) is not supported');
  const path = file === undefined ? join(contextDir, 'Dockerfile') : resolve(file);
  try {
    return { text: await readFile(path, 'utf8'), name: file === undefined ? 'Dockerfile' : file };
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const shown = file ?? relative(process.cwd(), path);
    throw new InvalidArgumentError(
      code === 'ENOENT'
        ? `failed to read dockerfile: open ${shown}: no such file or directory`
        : `failed to read dockerfile ${shown}: ${(err as Error).message}`,
    );
  }
}

async function checkContext(dir: string): Promise<string> {
  if (/^(https?|git):\/\//.test(dir) || dir === '-')
    throw new InvalidArgumentError(`build contexts other than a local directory are not supported: "${dir}"`);
  const absolute = isAbsolute(dir) ? dir : resolve(dir);
  const info = await stat(absolute).catch(() => undefined);
  if (!info?.isDirectory())
    throw new InvalidArgumentError(`unable to prepare context: path "${dir}" not found`);
  return absolute;
}

type BuildStream = NodeJS.WritableStream & { write(message: api.v1.BuildRequest): boolean };

/** Manifest entries per message: a few hundred KiB, far below gRPC's 4 MiB message limit. */
const MANIFEST_PER_MESSAGE = 4096;

async function send(stream: BuildStream, message: api.v1.BuildRequest): Promise<void> {
  if (!stream.write(message)) await new Promise((done) => stream.once('drain', done));
}

/**
 * Sends the context incrementally (BuildKit-style): its manifest, then only the files the engine
 * asks for (`wanted` resolves with them), as a tar of chunks of about CONTEXT_MESSAGE_BYTES.
 */
async function sendContext(
  stream: BuildStream,
  contextDir: string,
  optionsSent: Promise<void>,
  wanted: Promise<string[]>,
): Promise<void> {
  // Loading the client part and listing the context are synchronous work: once the options are
  // out, berthd starts the build (Dockerfile, base image, cache checks) meanwhile.
  await optionsSent;
  // The builder's client part (listing, tar packing, .dockerignore rules) loads only for this
  // command; a require, as the CLI's other lazy parts (the bundle runs in a vm.Script, which has
  // no dynamic import).
  const { contextManifest, loadDockerignore, packContextFiles } =
    require('@berth/builder/dist/client.js') as typeof import('@berth/builder/dist/client.js');
  const entries = await contextManifest(contextDir, await loadDockerignore(contextDir));
  for (let start = 0; start === 0 || start < entries.length; start += MANIFEST_PER_MESSAGE) {
    const part = entries.slice(start, start + MANIFEST_PER_MESSAGE);
    const last = start + MANIFEST_PER_MESSAGE >= entries.length;
    await send(stream, { part: { $case: 'manifest', manifest: { entries: part, last } } });
  }
  const paths = await wanted;
  // The tar comes in header-sized pieces: sent as they are, each would be a gRPC message.
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  const flush = async () => {
    if (pendingBytes === 0) return;
    const context = Buffer.concat(pending);
    pending = [];
    pendingBytes = 0;
    await send(stream, { part: { $case: 'context', context } });
  };
  if (paths.length > 0) {
    for await (const chunk of packContextFiles(contextDir, paths)) {
      pending.push(chunk as Buffer);
      pendingBytes += (chunk as Buffer).length;
      if (pendingBytes >= CONTEXT_MESSAGE_BYTES) await flush();
    }
  }
  await flush();
  stream.end();
}

async function runBuild(
  ctx: CommandContext,
  options: api.v1.BuildOptions,
  contextDir: string,
  quiet: boolean,
) {
  const engine = await ctx.engine();
  const stream = engine.duplex('images', 'build');
  const printer = new BuildPrinter((text) => ctx.err(text));
  const wantedPaths: string[] = [];
  let haveWanted: (paths: string[]) => void = () => undefined;
  const wanted = new Promise<string[]>((done) => (haveWanted = done));
  const result = new Promise<api.v1.BuildResult>((done, fail) => {
    let last: api.v1.BuildResult | undefined;
    stream.on('data', (message: api.v1.BuildResponse) => {
      const event = message.event;
      if (event?.$case === 'result') last = event.result;
      else if (event?.$case === 'contextWanted') {
        wantedPaths.push(...event.contextWanted.paths);
        if (event.contextWanted.last) haveWanted(wantedPaths);
      } else if (event !== undefined && !quiet) printer.print(event);
    });
    stream.on('error', (err) => fail(engine.mapError(err)));
    stream.on('end', () =>
      last ? done(last) : fail(new Error('the engine ended the build without a result')),
    );
  });
  // A failed build before the engine asked for files must not leave the upload waiting.
  result.catch(() => haveWanted([]));
  // The callback runs once the message is on the socket, or the call is over.
  const optionsSent = new Promise<void>((sent) =>
    stream.write({ part: { $case: 'options', options } }, () => sent()),
  );
  const sending = sendContext(stream, contextDir, optionsSent, wanted).catch((err: unknown) => {
    stream.cancel();
    throw err;
  });
  const [built] = await Promise.all([result, sending]);
  printer.finish(built, quiet);
  return built;
}

export const build: CommandDefinition = {
  usage: '[OPTIONS] PATH',
  summary: 'Build an image from a Dockerfile',
  flags: [
    list('build-arg', 'Set build-time variables', undefined, 'list'),
    str('file', "Name of the Dockerfile (Default is 'PATH/Dockerfile')", 'f', 'string'),
    str('iidfile', 'Write the image ID to the file', undefined, 'string'),
    list('label', 'Set metadata for an image', undefined, 'list'),
    str('network', 'Set the networking mode for the RUN instructions during build (default "default")'),
    bool('no-cache', 'Do not use cache when building the image'),
    str('platform', 'Set platform if server is multi-platform capable'),
    bool('pull', 'Always attempt to pull a newer version of the image'),
    bool('quiet', 'Suppress the build output and print image ID on success', 'q'),
    list('tag', 'Name and optionally a tag in the "name:tag" format', 't', 'list'),
    str('target', 'Set the target build stage to build.'),
  ],
  minArgs: 1,
  maxArgs: 1,
  async run(ctx, flags, [dir]) {
    const contextDir = await checkContext(dir);
    const dockerfile = await readDockerfile(contextDir, flags.string('file'));
    const options: api.v1.BuildOptions = {
      dockerfile: dockerfile.text,
      dockerfileName: dockerfile.name,
      tags: flags.list('tag'),
      buildArgs: keyValues(flags.list('build-arg'), 'build-arg', ctx.io.env),
      labels: keyValues(flags.list('label'), 'label', ctx.io.env),
      target: flags.string('target') ?? '',
      noCache: flags.boolean('no-cache'),
      pull: flags.boolean('pull'),
      platform: flags.string('platform') ?? '',
      network: flags.string('network') ?? '',
      // The engine keeps a copy of this context between builds and asks only for what changed.
      contextId: `${hostname()}:${contextDir}`,
    };
    const quiet = flags.boolean('quiet');
    const built = await runBuild(ctx, options, contextDir, quiet);
    const iidfile = flags.string('iidfile');
    if (iidfile !== undefined) await writeFile(iidfile, built.imageId);
    if (quiet) ctx.out(`${built.imageId}\n`);
  },
};
