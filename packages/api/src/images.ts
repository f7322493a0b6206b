// berth.images.v1: the Images and Snapshots services berth-images serves.
export * as v1 from './gen/berth/images/v1/index';
