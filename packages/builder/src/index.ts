// Public API of @berth/builder: `berth build` as a library the engine runs (Builder over a
// BuildBackend), plus the pieces the CLI and other tools use on their own (Dockerfile parser,
// .dockerignore, build-context packing).

export * from './errors';

export { parseDockerfile, type Dockerfile } from './dockerfile/parse';
export type * from './dockerfile/instructions';
export type { Directives } from './dockerfile/directives';
export type { Heredoc } from './dockerfile/heredoc';
export { ShellLexer, type VariableLookup } from './dockerfile/shell-lexer';

export { IgnoreMatcher } from './context/dockerignore';
export { loadDockerignore, packContext } from './context/pack';
export { extractContext, type ExtractOptions } from './context/extract';
export { contextManifest, packContextFiles, type ContextManifestEntry } from './context/manifest';
export { ContextCheckout, ContextStore } from './context/context-store';
export { walkContext, type ContextEntry } from './context/walk';
export { resolveInRoot } from './context/scoped-path';

export { diffTrees, type Change } from './layer/tree-diff';
export {
  overlayUpperChanges,
  type OverlayUpperChanges,
  type OverlayUpperOptions,
  type XattrReader,
} from './layer/overlay-diff';
export { writeLayer, LAYER_MEDIA_TYPE, type WrittenLayer } from './layer/layer-writer';
export { unpackTar } from './files/unpack';

export type {
  ActiveSnapshot,
  BaseImage,
  BuildBackend,
  LayerRef,
  SnapshotView,
  StepProcess,
  StoredImage,
} from './executor/backend';
export { Builder, type BuilderOptions } from './executor/builder';
export { BuildCache, type CacheRecord } from './executor/cache-store';
export { chainIdOf, chainIdOfLayers } from './executor/digests';
export { hostPlatform, type HostPlatform } from './executor/platform';
export type { BuildEvent, BuildRequest, BuildResult } from './executor/request';

export { DirectoryBackend, type DirectoryBackendOptions } from './backends/directory-backend';
export { OciLayoutStore } from './backends/oci-layout-store';
