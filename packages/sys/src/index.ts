export { SysError, errnoName, type SysErrorCode, type SysErrorDetails } from './errors';
export { type ExitStatus } from './exit-status';
export { setChildSubreaper, isChildSubreaper } from './subreaper';
export { pidfdOpen, pidfdSendSignal, pidfdPid } from './pidfd';
export { PidfdWatcher, onPidfdExit, type PidfdWatchOptions, type PidfdExitOptions } from './pidfd-watcher';
export { isClaimed, claimPid } from './child-claims';
export { reapOrphans, OrphanReaper, type ReapOptions } from './orphan-reaper';
export { closeFd } from './fd';
export { socketpair, unixConnect, unixListen, unixAccept } from './unix-socket';
export { sendFds, recvFds, MAX_FDS_PER_MESSAGE, type ReceivedMessage } from './fd-passing';
export { openPty, setWinsize, getWinsize, type Pty, type Winsize } from './pty';
export { type WaitOptions } from './readiness';
export { signalNumber, signalName } from './signals';
export {
  mount,
  umount,
  mountWithOptions,
  isMountPoint,
  MAX_MOUNT_DATA_BYTES,
  type MountRequest,
} from './mount';
export { mountAll, unmountAll } from './mount-stack';
export { MS, MNT, flagOption, propagationFlags } from './mount-flags';
export { parseMountOptions, splitMountOptions, type MountOptionSet } from './mount-options';
export { mkfifo } from './fifo';
export { mknod, MAX_DEVICE_MAJOR, MAX_DEVICE_MINOR } from './device-node';
export { lsetxattr, lgetxattr, llistxattr, MAX_XATTR_NAME_BYTES, MAX_XATTR_VALUE_BYTES } from './xattr';
