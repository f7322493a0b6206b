import { health } from '@berth/api';

export interface HealthInfo {
  component: string;
  version: string;
  revision: string;
  architecture: string;
  /** Fully qualified names of the services served, health included. */
  services: string[];
  startedAt: Date;
}

export interface HealthState {
  implementation: health.v1.HealthServer;
  /** NOT_SERVING while starting or shutting down; SERVING otherwise. */
  setServing(serving: boolean): void;
}

/** berth.health.v1.Health for one daemon: every served service shares the daemon's status. */
export function createHealthService(info: HealthInfo): HealthState {
  // Read here, not when the module loads: a client bundle built against @berth/api's engine-only
  // entry (the berth CLI, through @berth/builder's use of kit) loads this module without health.
  const { ServingStatus } = health.v1;
  let serving = false;
  const served = new Set(info.services);
  const version: health.v1.VersionResponse = {
    component: info.component,
    version: info.version,
    revision: info.revision,
    nodeVersion: process.version,
    os: process.platform,
    architecture: info.architecture,
    apiVersions: [...served].sort(),
    pid: process.pid,
    startedAt: info.startedAt,
  };
  return {
    implementation: {
      check(call, callback) {
        const name = call.request.service;
        if (name !== '' && !served.has(name)) {
          callback(null, { status: ServingStatus.SERVING_STATUS_UNKNOWN });
          return;
        }
        callback(null, {
          status: serving ? ServingStatus.SERVING_STATUS_SERVING : ServingStatus.SERVING_STATUS_NOT_SERVING,
        });
      },
      version(_call, callback) {
        callback(null, version);
      },
    },
    setServing(value) {
      serving = value;
    },
  };
}
