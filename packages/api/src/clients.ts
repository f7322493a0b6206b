// Typed client factories, one per service: each later service adds one function here.
import { connectUnix, type ConnectOptions } from './connect';
import { HealthClient } from './gen/berth/health/v1/health';
import { TaskClient } from './gen/berth/task/v1/task';

/** Client of berth.health.v1.Health, served by every Berth daemon on its socket. */
export function createHealthClient(socketPath: string, options?: ConnectOptions): HealthClient {
  return connectUnix(HealthClient, socketPath, options);
}

/** Client of berth.task.v1.Task, served by berth-shim on its socket. */
export function createTaskClient(socketPath: string, options?: ConnectOptions): TaskClient {
  return connectUnix(TaskClient, socketPath, options);
}
