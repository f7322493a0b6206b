import { SysError } from './errors';
import { callNative, type NativeMessage } from './native';
import { READABLE, whenReady, WRITABLE, type WaitOptions } from './readiness';
import { closeFd } from './fd';
import { assertBuffer, assertFd, assertFdList, assertInteger } from './validate';

/** The kernel's SCM_MAX_FD. */
export const MAX_FDS_PER_MESSAGE = 253;
const MAX_DATA_PER_MESSAGE = 16 * 1024 * 1024;

export interface ReceivedMessage {
  /** Empty (with no fds) when the peer closed the connection. */
  data: Buffer;
  /** Received fds, already close-on-exec; the receiver owns and must close them. */
  fds: number[];
}

/**
 * Sends data with fds attached (SCM_RIGHTS) on a unix socket fd that no net.Socket owns.
 * The fds travel with the first byte; if the socket buffer is full the rest waits in the
 * event loop. The sender keeps its own copies of the fds.
 */
export function sendFds(
  sockFd: number,
  data: Buffer,
  fds: number[],
  options: WaitOptions = {},
): Promise<void> {
  assertFd(sockFd, 'sockFd');
  assertBuffer(data, 'data');
  assertFdList(fds, 'fds', MAX_FDS_PER_MESSAGE);
  if (fds.length > 0 && data.length === 0) {
    throw new SysError('InvalidArgument', 'data must hold at least one byte to carry fds on a stream socket');
  }
  let sent = 0;
  let fdsSent = false;
  const attempt = (): true | null => {
    while (sent < data.length || !fdsSent) {
      const count = callNative((addon) => addon.trySendFds(sockFd, data.subarray(sent), fdsSent ? [] : fds));
      if (count < 0) return null;
      sent += count;
      fdsSent = true;
    }
    return true;
  };
  return whenReady(sockFd, WRITABLE, attempt, options).then(() => undefined);
}

function closeAll(fds: number[]): void {
  for (const fd of fds) {
    try {
      closeFd(fd);
    } catch {
      // nothing more to do for an fd we are discarding
    }
  }
}

/**
 * Receives one message of at most maxData bytes with at most maxFds fds. A message that
 * carried more fds than maxFds is an error (its fds are closed, none leak).
 */
export function recvFds(
  sockFd: number,
  maxData: number,
  maxFds: number,
  options: WaitOptions = {},
): Promise<ReceivedMessage> {
  assertFd(sockFd, 'sockFd');
  assertInteger(maxData, 'maxData', 1, MAX_DATA_PER_MESSAGE);
  assertInteger(maxFds, 'maxFds', 0, MAX_FDS_PER_MESSAGE);
  const attempt = (): NativeMessage | null =>
    callNative((addon) => addon.tryRecvFds(sockFd, maxData, maxFds));
  return whenReady(sockFd, READABLE, attempt, options).then((message) => {
    if (message.fdsTruncated || message.fds.length > maxFds) {
      closeAll(message.fds);
      throw new SysError('ResourceExhausted', `the peer sent more than ${maxFds} fds in one message`, {
        syscall: 'recvmsg',
      });
    }
    return { data: message.data, fds: message.fds };
  });
}
