// --sysctl: only namespaced settings may be set, since the others would change the host.
import { InvalidOptionError } from '../errors';

const IPC_NAMESPACED = new Set([
  'kernel.msgmax',
  'kernel.msgmnb',
  'kernel.msgmni',
  'kernel.sem',
  'kernel.shmall',
  'kernel.shmmax',
  'kernel.shmmni',
  'kernel.shm_rmid_forced',
]);

export function checkSysctls(sysctls: Record<string, string>, hostNetwork: boolean): void {
  for (const key of Object.keys(sysctls)) {
    if (IPC_NAMESPACED.has(key) || key.startsWith('fs.mqueue.')) continue;
    if (key.startsWith('net.')) {
      if (hostNetwork)
        throw new InvalidOptionError('sysctl', `"${key}" cannot be set with the host's network`);
      continue;
    }
    throw new InvalidOptionError('sysctl', `"${key}" is not a namespaced sysctl and would change the host`);
  }
}
