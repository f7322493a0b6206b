// Kit's error classes alone (@berth/kit/error-classes), for code bundled into a CLI: the package
// entry also loads gRPC, protobuf and the logger, tens of milliseconds of start-up it never uses.
export * from './errors/classes';
