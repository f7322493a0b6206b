// Public API of @berth/shim: the shim's building blocks for embedding and tests. The binary is
// berth-shim (src/cli).
export { serve, type ServeOptions } from './serve';
export { startShim, type StartOptions } from './cli/start-command';
export { deleteOrphanedTask, type DeleteOptions, type DeleteResult } from './cli/delete-command';
export { chooseShimKey, GROUPING_POLICIES, type GroupingPolicy, type GroupingRequest } from './grouping';
export { shimLayout, type ShimLayout } from './shim-layout';
export { JsonFileLog, type JsonFileLogOptions, type LogStream } from './log/json-file-log';
export { EventPublisher } from './events';
export { UNKNOWN_EXIT_STATUS, type ProcessExit } from './process/exit';
export { SHIM_VERSION } from './version';
export * from './errors';
