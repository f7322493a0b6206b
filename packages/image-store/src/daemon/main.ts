import { images as api } from '@berth/api';
import { createLogger, describeConfig, formatCliError, readDaemonCommandLine, startServer } from '@berth/kit';

import { ImageStore } from '../image-store';
import { contentHandlers } from '../service/content-service';
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

/** Runs the daemon until SIGTERM/SIGINT; returns the exit code. */
export async function main(argv: string[]): Promise<number> {
  const cli = await readDaemonCommandLine({
    binary: 'berth-images',
    component: COMPONENT,
    schema: imagesConfigSchema,
    usage: USAGE,
    version: IMAGES_VERSION,
    argv,
  });
  if ('exitCode' in cli) return cli.exitCode;
  const { config, paths } = cli;
  try {
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
        {
          definition: api.v1.ImagesService,
          implementation: { ...imagesService(store), ...contentHandlers(store) },
        },
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
