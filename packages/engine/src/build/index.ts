// `berth build` and `berth image history` in the engine: handlers added to berth.engine.v1.Images,
// and what has to stop with berthd (the build shims).
import { BuildShimPool } from './build-shim';
import { buildService, type BuildServiceDeps } from './build-service';
import { imageHistoryService } from './image-history';

export type { BuildServiceDeps } from './build-service';

export function buildHandlers(deps: BuildServiceDeps) {
  const shims = new BuildShimPool(deps.shims, deps.clients);
  return {
    handlers: { ...buildService(deps, shims), ...imageHistoryService(deps.clients) },
    close: () => shims.close(),
  };
}
