import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

import { LayerFormatError } from '../errors';

const run = promisify(execFile);

// Node has no mknod(2), mkfifo(3) or setxattr(2). Device nodes, fifos and xattrs are rare in
// layers (whiteouts aside), so a short-lived coreutils/attr process per node costs little and
// keeps native code out of this package. Paths are always absolute, so none reads as an option.

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

export async function makeFifo(path: string, entry: string): Promise<void> {
  await runTool('mkfifo', ['-m', '0600', path], entry);
}

/** Sets one xattr on the path itself (never through a symlink). */
export async function setXattr(path: string, name: string, value: Buffer, entry: string): Promise<void> {
  // An empty value is written by leaving -v out ("0x" alone is not a valid encoding).
  const valueArgs = value.length === 0 ? [] : ['-v', `0x${value.toString('hex')}`];
  await runTool('setfattr', ['-h', '-n', name, ...valueArgs, path], entry);
}
