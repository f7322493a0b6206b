// berth.engine.v1: the services berthd serves (Containers, Volumes, Images, Networks, System);
// the `berth` CLI's only API.
export * as v1 from './gen/berth/engine/v1/index';
