export { compileSeccomp, type CompiledSeccompDetails } from './compile';
export { supportedSeccomp, type SeccompFeatures } from './supported';
export { SeccompProfileError, SeccompFilterTooLargeError } from './errors';
export {
  SECCOMP_FILTER_FLAG_TSYNC,
  SECCOMP_FILTER_FLAG_LOG,
  SECCOMP_FILTER_FLAG_SPEC_ALLOW,
  SECCOMP_FILTER_FLAG_NEW_LISTENER,
  SECCOMP_FILTER_FLAG_TSYNC_ESRCH,
  SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV,
} from './profile';
export type {
  CompiledSeccomp,
  CompileSeccompOptions,
  SeccompArgInput,
  SeccompProfileInput,
  SeccompSyscallInput,
} from './types';
