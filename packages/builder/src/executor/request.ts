// What a build is asked to do: the `docker build` flags that matter inside the engine. -q and
// --iidfile are the CLI's business (it prints or writes the image ID it gets back).

export interface BuildRequest {
  /** Dockerfile text (the CLI reads -f, which may lie outside the context). */
  dockerfile: string;
  /** Name used in error messages, e.g. `Dockerfile` or the -f argument. */
  dockerfileName?: string;
  /** Directory holding the unpacked build context. */
  contextDir: string;
  /**
   * Resolves once `contextDir` is complete, when the context is still arriving as the build
   * starts: steps that read the context (COPY, ADD) wait for it, the others do not; a rejection
   * fails the steps that wait, and the build before it stores an image. Absent: the context is
   * there already.
   */
  contextReady?: Promise<void>;
  tags?: string[];
  buildArgs?: Record<string, string>;
  labels?: Record<string, string>;
  target?: string;
  noCache?: boolean;
  pull?: boolean;
  platform?: string;
  /** Default network of RUN steps (`RUN --network` overrides). */
  network?: 'none' | 'default' | 'host';
}

export type BuildEvent =
  /** A step starts (or is found in the cache): `[build 2/5] RUN make`. */
  | { type: 'step'; stage: string; step: string; text: string; cached: boolean }
  /** Output of a RUN step. */
  | { type: 'output'; step: string; stream: 'stdout' | 'stderr'; data: Buffer }
  | { type: 'warning'; message: string };

export interface BuildResult {
  imageId: string;
  manifestDigest: string;
  tags: string[];
  /** How many filesystem steps ran and how many came from the cache. */
  executed: number;
  cached: number;
}
