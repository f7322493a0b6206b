// What a client of berthd alone needs from @berth/api: the berth.engine.v1 messages and
// services, the engine client and the connect-failure test. The berth CLI bundles this instead of
// the package index, leaving out the other daemons' generated code (about a third of it).
export * as engine from './engine';
export { createEngineClient, type EngineClient } from './engine-client';
export { isConnectFailure } from './connect';
