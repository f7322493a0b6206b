import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

import { mkfifo } from '@berth/sys';

import { LayerFormatError } from '../errors';

const run = promisify(execFile);

// Node has no mknod(2), mkfifo(3) or setxattr(2). Fifos come from @berth/sys's addon (one system
// call); @berth/sys has no mknod or setxattr yet, and device nodes and xattrs are rare in layers
// (whiteouts aside), so a short-lived coreutils/attr process per node makes them. Paths are
// always absolute, so none reads as an option.

async function runTool(tool: string, args: string[], entry: string): Promise<void> {
  try {
    await run(tool, args);
  } catch (error) {
    const err = error as NodeJS.ErrnoException & { stderr?: string };
    if (err.code === 'ENOENT')
      throw new LayerFormatError(`entry "${entry}" needs ${tool}, which is not installed`);
    throw new LayerFormatError(`entry "${entry}": ${tool} failed: ${(err.stderr ?? err.message).trim()}`);
  }
}

export async function makeDeviceNode(
  path: string,
  kind: 'c' | 'b',
  major: number,
  minor: number,
  entry: string,
): Promise<void> {
  await runTool('mknod', ['-m', '0600', path, kind, String(major), String(minor)], entry);
}

export function makeFifo(path: string, entry: string): void {
  try {
    mkfifo(path, 0o600);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new LayerFormatError(`entry "${entry}": ${reason}`, { cause: error });
  }
}

/** Sets one xattr on the path itself (never through a symlink). */
export async function setXattr(path: string, name: string, value: Buffer, entry: string): Promise<void> {
  // An empty value is written by leaving -v out ("0x" alone is not a valid encoding).
  const valueArgs = value.length === 0 ? [] : ['-v', `0x${value.toString('hex')}`];
  await runTool('setfattr', ['-h', '-n', name, ...valueArgs, path], entry);
}
