import * as path from 'node:path';
import { SysError } from './errors';

/** Exit information as the addon decodes it from waitid's siginfo. */
export interface NativeExitInfo {
  pid: number;
  exitCode: number | null;
  signal: number | null;
  coreDumped: boolean;
}

export interface NativeMessage {
  data: Buffer;
  fds: number[];
  fdsTruncated: boolean;
}

export interface NativePoller {
  start(events: number): void;
  stop(): void;
  ref(): void;
  unref(): void;
  close(): void;
}

export interface NativeSignalWatcher {
  start(): void;
  stop(): void;
  close(): void;
}

/** The functions of build/Release/berth_sys.node (see native/*.cc). */
export interface NativeBinding {
  setChildSubreaper(on: boolean): void;
  isChildSubreaper(): boolean;
  pidfdOpen(pid: number): number;
  pidfdSendSignal(pidfd: number, signal: number): void;
  waitPidfd(pidfd: number, reap: boolean): NativeExitInfo | null;
  peekExitedChild(): number;
  reapChild(pid: number): NativeExitInfo | null;
  socketpair(): [number, number];
  unixConnect(path: string): number;
  unixListen(path: string, backlog: number): number;
  tryAccept(fd: number): number | null;
  trySendFds(fd: number, data: Buffer, fds: number[]): number;
  tryRecvFds(fd: number, maxData: number, maxFds: number): NativeMessage | null;
  closeFd(fd: number): void;
  openPty(): { master: number; slave: number; ptsName: string };
  setWinsize(fd: number, rows: number, cols: number): void;
  getWinsize(fd: number): { rows: number; cols: number };
  mount(
    source: string | null,
    target: string,
    fstype: string | null,
    flags: number,
    data: string | null,
  ): Promise<void>;
  umount(target: string, flags: number): Promise<void>;
  mountFs(fstype: string, target: string, params: string[], attrs: number): Promise<void>;
  isMountPoint(path: string): boolean;
  mkfifo(path: string, mode: number): void;
  mknod(path: string, type: 'c' | 'b', mode: number, major: number, minor: number): void;
  lsetxattr(path: string, name: string, value: Buffer): void;
  lgetxattr(path: string, name: string): Buffer | null;
  llistxattr(path: string): string[];
  Poller: new (fd: number, callback: (errnoNumber: number, events: number) => void) => NativePoller;
  SignalWatcher: new (signal: number, callback: (signal: number) => void) => NativeSignalWatcher;
}

// Both src/ (tests) and dist/ (build) sit one level below the package root. A bundle (esbuild)
// moves the code away from the package, so BERTH_SYS_ADDON may name the addon file instead. It
// is read at the first call, so a bundle's entry may set it after its imports have run.
function addonPath(): string {
  return process.env.BERTH_SYS_ADDON || path.join(__dirname, '..', 'build', 'Release', 'berth_sys.node');
}

let loaded: NativeBinding | undefined;

function binding(): NativeBinding {
  if (!loaded) {
    const ADDON_PATH = addonPath();
    try {
      loaded = require(ADDON_PATH) as NativeBinding;
    } catch (cause) {
      throw new SysError(
        'Unavailable',
        `@berth/sys native addon cannot be loaded from ${ADDON_PATH} (build it: npm install, or nx run @berth/sys:build; or set BERTH_SYS_ADDON)`,
        { cause },
      );
    }
  }
  return loaded;
}

interface NativeErrnoError extends Error {
  errno: number;
  syscall: string;
  /** What the kernel logged about the failure (fsopen's context log), if anything. */
  detail?: string;
}

// Duck-typed rather than instanceof: the addon creates its errors in Node's main context, which
// is not the context of code running in a vm sandbox (as under jest).
function isNativeErrnoError(error: unknown): error is NativeErrnoError {
  return (
    typeof error === 'object' &&
    error !== null &&
    typeof (error as Partial<NativeErrnoError>).message === 'string' &&
    typeof (error as Partial<NativeErrnoError>).errno === 'number' &&
    typeof (error as Partial<NativeErrnoError>).syscall === 'string'
  );
}

/** The addon's own argument checks throw TypeError or RangeError. */
function isArgumentError(error: unknown): error is Error {
  const name = (error as Partial<Error> | null)?.name;
  return (name === 'TypeError' || name === 'RangeError') && typeof (error as Error).message === 'string';
}

/** The addon's text after "syscall: ", i.e. strerror(errno). */
function reasonOf(error: NativeErrnoError): string {
  const prefix = `${error.syscall}: `;
  return error.message.startsWith(prefix) ? error.message.slice(prefix.length) : error.message;
}

/** What a failed call was about, for the message: "mount overlay on /x failed: ...". */
export interface CallSubject {
  path: string;
  what?: string;
}

function toSysError(error: unknown, about?: CallSubject): unknown {
  if (isNativeErrnoError(error)) {
    const reason = error.detail ? `${reasonOf(error)} (${error.detail})` : reasonOf(error);
    return SysError.fromErrno(error.errno, error.syscall, reason, about);
  }
  if (isArgumentError(error)) return new SysError('InvalidArgument', error.message, { cause: error });
  return error;
}

/** Calls into the addon, turning its errors into SysError. */
export function callNative<T>(call: (addon: NativeBinding) => T, about?: CallSubject): T {
  const addon = binding();
  try {
    return call(addon);
  } catch (error) {
    throw toSysError(error, about);
  }
}

/** callNative for the addon's thread-pool calls, which return promises. */
export async function callNativeAsync<T>(
  call: (addon: NativeBinding) => Promise<T>,
  about?: CallSubject,
): Promise<T> {
  const addon = binding();
  try {
    return await call(addon);
  } catch (error) {
    throw toSysError(error, about);
  }
}
