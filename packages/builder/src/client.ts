// What a build client (the CLI, compose) needs of the builder: the context's listing, packing and
// .dockerignore. Its own entry point, so a client loads these modules and not the whole builder
// (executor, backends, layers: tens of milliseconds of module initialisation per CLI call).

export { IgnoreMatcher } from './context/dockerignore';
export { loadDockerignore, packContext } from './context/pack';
export { contextManifest, packContextFiles, type ContextManifestEntry } from './context/manifest';
