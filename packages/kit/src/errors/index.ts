export * from './classes';
export * from './cli';
export * from './codes';
export * from './grpc-status';
