/**
 * Socket and SysV IPC calls that some 32-bit ABIs (and s390x, ppc64) also reach through the
 * socketcall(2) and ipc(2) multiplexers, whose first argument selects the call (SYS_* in
 * linux/net.h, SEMOP etc. in linux/ipc.h). As libseccomp does, a rule on such a call also
 * applies to its multiplexer with `arg0 == code`; the call's own argument conditions cannot be
 * checked there (the arguments are in memory) and are left out.
 */
import type { ArgCondition } from './arg-compare';

/** ABIs (syscall table names) where libseccomp adds multiplexer rules. */
const MULTIPLEXED_TABLES = new Set(['x86', 's390', 's390x', 'ppc', 'ppc64']);

const SOCKETCALL: Readonly<Record<string, number>> = {
  socket: 1,
  bind: 2,
  connect: 3,
  listen: 4,
  accept: 5,
  getsockname: 6,
  getpeername: 7,
  socketpair: 8,
  send: 9,
  recv: 10,
  sendto: 11,
  recvfrom: 12,
  shutdown: 13,
  setsockopt: 14,
  getsockopt: 15,
  sendmsg: 16,
  recvmsg: 17,
  accept4: 18,
  recvmmsg: 19,
  sendmmsg: 20,
};

const IPC: Readonly<Record<string, number>> = {
  semop: 1,
  semget: 2,
  semctl: 3,
  semtimedop: 4,
  msgsnd: 11,
  msgrcv: 12,
  msgget: 13,
  msgctl: 14,
  shmat: 21,
  shmdt: 22,
  shmget: 23,
  shmctl: 24,
};

export interface MultiplexedCall {
  /** `socketcall` or `ipc`. */
  multiplexer: string;
  condition: ArgCondition;
}

/** How `name` is reached through a multiplexer on the ABI with syscall table `table`, if it is. */
export function multiplexedCall(table: string, name: string): MultiplexedCall | undefined {
  if (!MULTIPLEXED_TABLES.has(table)) return undefined;
  const socketcall = SOCKETCALL[name];
  const ipc = IPC[name];
  const [multiplexer, code] =
    socketcall !== undefined ? ['socketcall', socketcall] : ipc !== undefined ? ['ipc', ipc] : [];
  if (multiplexer === undefined || code === undefined) return undefined;
  return { multiplexer, condition: { index: 0, op: 'SCMP_CMP_EQ', value: BigInt(code), valueTwo: 0n } };
}
