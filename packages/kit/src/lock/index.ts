export * from './file-lock';
export * from './keyed-mutex';
export { isProcessAlive, processStartTime } from './process-identity';
