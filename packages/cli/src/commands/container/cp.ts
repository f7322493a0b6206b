import { spawn } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { basename, dirname, posix, resolve } from 'node:path';
import type { Writable } from 'node:stream';
import { bool } from '../../args/flag-spec';
import type { Engine } from '../../engine/engine';
import { EngineError, InvalidArgumentError, UsageError } from '../../errors';
import type { CommandContext, CommandDefinition } from '../command';
import { writeChunks } from '../archive-output';

/** "ctr:/path" → container and path; a local path (possibly containing ':' after a '/') → undefined. */
function splitContainerPath(arg: string): { container: string; path: string } | undefined {
  const colon = arg.indexOf(':');
  if (colon <= 0 || arg.slice(0, colon).includes('/')) return undefined;
  return { container: arg.slice(0, colon), path: arg.slice(colon + 1) };
}

/**
 * GNU tar's --transform renaming an archive's top entry `from` (and everything under it) to `to`,
 * as docker's archive rebasing does: names and hard link targets, not symbolic link targets.
 */
function renameTopEntry(from: string, to: string): string {
  return `--transform=s|^${from.replace(/[|\\.*[\]^$]/g, '\\$&')}|${to.replace(/[|\\&]/g, '\\$&')}|S`;
}

// Go's os.ModeDir, the directory bit of PathStat.mode.
const GO_MODE_DIR = 0x80000000;

/** Whether `path` is a directory in the container (docker cp stats the destination first too). */
async function isContainerDirectory(engine: Engine, container: string, path: string): Promise<boolean> {
  try {
    for await (const message of engine.stream('containers', 'copyFromContainer', { id: container, path }))
      return message.content?.$case === 'stat' && (message.content.stat.mode & GO_MODE_DIR) !== 0;
    return false;
  } catch (err) {
    if (err instanceof EngineError && err.status === 'NOT_FOUND') return false;
    throw err;
  }
}

/**
 * Runs the system tar (GNU tar, as on Debian) reading the archive from its stdin (`-x`) or
 * writing it to its stdout (`-c`); `done` rejects with tar's message on a non-zero exit.
 */
function tar(args: string[]) {
  // The unused direction is not piped: an unread pipe would hold 'close' back forever.
  const extracting = args.includes('-x');
  const child = spawn('tar', args, {
    stdio: [extracting ? 'pipe' : 'ignore', extracting ? 'ignore' : 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const done = new Promise<void>((resolveDone, reject) => {
    child.once('error', (err) => reject(new InvalidArgumentError(`cannot run tar: ${err.message}`)));
    child.once('close', (code) =>
      code === 0 ? resolveDone() : reject(new InvalidArgumentError(`tar failed: ${stderr.trim()}`)),
    );
  });
  return { child, done };
}

/**
 * Writes an archive into tar's stdin. tar stops reading at the end-of-archive blocks and may
 * exit before the padding after them arrives: the broken pipe that follows is not an error,
 * tar's exit status is what counts.
 */
async function feed(stdin: Writable, chunks: AsyncIterable<Buffer>): Promise<void> {
  stdin.on('error', () => undefined);
  for await (const chunk of chunks) {
    if (stdin.destroyed) break;
    if (!stdin.write(chunk)) {
      await new Promise<void>((resolveWait) => {
        const settle = () => {
          stdin.removeListener('drain', settle);
          stdin.removeListener('close', settle);
          resolveWait();
        };
        stdin.once('drain', settle);
        stdin.once('close', settle);
      });
    }
  }
  stdin.end();
}

async function copyFromContainer(
  ctx: CommandContext,
  container: string,
  path: string,
  dest: string,
): Promise<void> {
  const engine = await ctx.engine();
  const stream = engine.stream('containers', 'copyFromContainer', { id: container, path });
  async function* archive() {
    for await (const message of stream) if (message.content?.$case === 'data') yield message.content.data;
  }
  if (dest === '-') return writeChunks(ctx.io.stdout, archive(), false);
  const target = resolve(dest);
  // docker cp semantics: into an existing directory keeps the name, otherwise the copy takes the
  // destination's name (GNU tar's --transform renames the archive's top entry).
  const intoDirectory = existsSync(target) && statSync(target).isDirectory();
  const directory = intoDirectory ? target : dirname(target);
  if (!existsSync(directory))
    throw new InvalidArgumentError(`destination directory ${directory} does not exist`);
  const source = basename(path.replace(/\/+$/, '')) || '.';
  const rename = intoDirectory ? [] : [renameTopEntry(source, basename(target))];
  const { child, done } = tar(['-x', '-C', directory, '--no-same-owner', ...rename, '-f', '-']);
  await feed(child.stdin as Writable, archive());
  await done;
}

async function copyToContainer(
  ctx: CommandContext,
  src: string,
  container: string,
  path: string,
): Promise<void> {
  const engine = await ctx.engine();
  const input = src === '-' ? ctx.io.stdin : undefined;
  // docker cp semantics: into an existing directory keeps the name; otherwise (a new name, or a
  // file to replace) the copy lands in the parent directory under the destination's name. A
  // tar stream on stdin always goes into a directory.
  const local = input ? undefined : resolve(src);
  if (local && !existsSync(local))
    throw new InvalidArgumentError(`could not find the file ${src} in the local filesystem`);
  const renameTo =
    local && !path.endsWith('/') && !(await isContainerDirectory(engine, container, path))
      ? posix.basename(path)
      : undefined;
  const directory = renameTo === undefined ? path : posix.dirname(path);
  const { stream, response } = engine.upload('containers', 'copyToContainer');
  stream.write({
    content: { $case: 'header', header: { id: container, path: directory, noOverwriteDirNonDir: true } },
  });
  let source: AsyncIterable<Buffer | string>;
  let finished: Promise<void> = Promise.resolve();
  if (!local) {
    source = input as AsyncIterable<Buffer>;
  } else {
    const rename = renameTo === undefined ? [] : [renameTopEntry(basename(local), renameTo)];
    const { child, done } = tar(['-c', '-C', dirname(local), ...rename, '-f', '-', basename(local)]);
    source = child.stdout as NodeJS.ReadableStream as AsyncIterable<Buffer>;
    finished = done;
  }
  for await (const chunk of source) {
    const data = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    if (!stream.write({ content: { $case: 'data', data } }))
      await new Promise((r) => stream.once('drain', r));
  }
  await finished;
  stream.end();
  await response;
}

export const cp: CommandDefinition = {
  usage: '[OPTIONS] CONTAINER:SRC_PATH DEST_PATH|-\n\tberth cp [OPTIONS] SRC_PATH|- CONTAINER:DEST_PATH',
  summary: 'Copy files/folders between a container and the local filesystem',
  flags: [
    bool('archive', 'Archive mode (accepted: ownership is kept as the archive has it)', 'a'),
    bool('follow-link', 'Always follow symbol link in SRC_PATH (accepted)', 'L'),
    bool('quiet', 'Suppress progress output during copy (berth prints none)', 'q'),
  ],
  minArgs: 2,
  maxArgs: 2,
  async run(ctx, _flags, [from, to]) {
    const source = splitContainerPath(from);
    const dest = splitContainerPath(to);
    if (source && dest) throw new UsageError('copying between containers is not supported', ctx.name);
    if (!source && !dest) throw new UsageError('must specify at least one container source', ctx.name);
    if (source) await copyFromContainer(ctx, source.container, source.path, to);
    else if (dest) await copyToContainer(ctx, from, dest.container, dest.path);
  },
};
