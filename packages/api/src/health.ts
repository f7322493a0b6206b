// berth.health.v1: the Health service every Berth daemon serves.
export * as v1 from './gen/berth/health/v1/index';
