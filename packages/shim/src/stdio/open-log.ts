import type { task } from '@berth/api';
import { JsonFileLog } from '../log/json-file-log';

/** The json-file log a Stdio asks for, if any (pipes and terminals both write one). */
export function openLog(stdio: task.v1.Stdio): JsonFileLog | undefined {
  const log = stdio.log;
  if (!log?.path) return undefined;
  return new JsonFileLog({ path: log.path, maxSize: log.maxSize, maxFiles: log.maxFiles });
}
