// Stands in for @grpc/proto-loader in the berth bundle. @berth/api imports it only for
// loadBerthPackageDefinition (daemons serving gRPC reflection), which the CLI never calls;
// loading the real one would pull protobufjs into every command's start-up.
'use strict';
module.exports = {
  loadFileDescriptorSetFromBuffer() {
    throw new Error('@grpc/proto-loader is not part of the berth CLI bundle');
  },
};
