// berth.types.v1: messages shared by several Berth APIs (Mount, Platform, Descriptor, KeyValue).
export * as v1 from './gen/berth/types/v1/index';
