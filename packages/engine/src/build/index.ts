// `berth build` and `berth image history` in the engine: handlers added to berth.engine.v1.Images.
import { buildService, type BuildServiceDeps } from './build-service';
import { imageHistoryService } from './image-history';

export type { BuildServiceDeps } from './build-service';

export function buildHandlers(deps: BuildServiceDeps) {
  return { ...buildService(deps), ...imageHistoryService(deps.clients) };
}
