import { parseArgs } from 'node:util';

import { images as api } from '@berth/api';
import {
  componentPaths,
  configFlagName,
  createLogger,
  describeConfig,
  formatCliError,
  loadConfig,
  startServer,
} from '@berth/kit';

import { ImageStore } from '../image-store';
import { imagesService } from '../service/images-service';
import { snapshotsService } from '../service/snapshots-service';
import { imagesConfigSchema } from './config';
import { IMAGES_VERSION } from './version';

const COMPONENT = 'images';

const USAGE = `Usage: berth-images [--config FILE] [--root DIR] [--run DIR] [--socket PATH] [options]

Serves berth.images.v1 (Images, Snapshots) on $BERTH_RUN/images.sock (default
/run/berth/images.sock), with the content store, snapshots and metadata under
$BERTH_ROOT/images (default /var/lib/berth/images).

Options:
${describeConfig(COMPONENT, imagesConfigSchema)}`;

function flagOptions() {
  const options: Record<string, { type: 'string' | 'boolean' }> = {
    config: { type: 'string' },
    root: { type: 'string' },
    run: { type: 'string' },
    socket: { type: 'string' },
    help: { type: 'boolean' },
    version: { type: 'boolean' },
  };
  // Every setting is a string or a number on the command line; the config loader converts.
  for (const key of Object.keys(imagesConfigSchema))
    options[configFlagName(key).slice(2)] = { type: 'string' };
  return options;
}

/** Runs the daemon until SIGTERM/SIGINT; returns the exit code. */
export async function main(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: flagOptions(), strict: true, allowPositionals: false });
  } catch (error) {
    process.stderr.write(`${formatCliError('berth-images', error)}\n${USAGE}\n`);
    return 2;
  }
  const flags = parsed.values as Record<string, string | boolean | undefined>;
  if (flags.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (flags.version) {
    process.stdout.write(`berth-images ${IMAGES_VERSION}\n`);
    return 0;
  }
  try {
    const fromFlags: Record<string, unknown> = {};
    for (const key of Object.keys(imagesConfigSchema)) fromFlags[key] = flags[configFlagName(key).slice(2)];
    const config = await loadConfig({
      component: COMPONENT,
      schema: imagesConfigSchema,
      ...(typeof flags.config === 'string' ? { file: flags.config } : {}),
      defaultFile: '/etc/berth/images.json',
      flags: fromFlags,
    });
    const paths = componentPaths(COMPONENT, {
      ...(typeof flags.root === 'string' ? { root: flags.root } : {}),
      ...(typeof flags.run === 'string' ? { run: flags.run } : {}),
      ...(typeof flags.socket === 'string' ? { socket: flags.socket } : {}),
    });
    const log = createLogger({ component: COMPONENT, level: config.values.logLevel });
    const { store, report } = await ImageStore.open({
      root: paths.root,
      maxLayerBytes: config.values.maxLayerBytes,
      registry: { concurrency: config.values.concurrentDownloads },
    });
    for (const mount of report.staleMounts)
      log.warn(
        { mount },
        'mount using snapshot directories found at start (a running container, or left by a crash)',
      );
    if (report.removedOrphans.length > 0)
      log.info({ ids: report.removedOrphans }, 'removed orphan snapshot directories');
    for (const ingest of report.resumableIngests) {
      log.info(
        { ref: ingest.ref, offset: ingest.offset, size: ingest.expected.size },
        'incomplete download kept for resume',
      );
    }
    const server = await startServer({
      socketPath: paths.socket,
      component: COMPONENT,
      version: IMAGES_VERSION,
      logger: log,
      services: [
        { definition: api.v1.ImagesService, implementation: imagesService(store) },
        { definition: api.v1.SnapshotsService, implementation: snapshotsService(store.snapshots) },
      ],
    });
    log.info({ socket: paths.socket, root: paths.root }, 'serving');
    await server.closed;
    await store.close();
    log.info('stopped');
    return 0;
  } catch (error) {
    process.stderr.write(`${formatCliError('berth-images', error)}\n`);
    return 1;
  }
}
