import { Command, InvalidArgumentError } from 'commander';
import { print } from '../output';
import { splitLayoutArgument } from '../layout-argument';
import { ProgressDisplay } from '../progress-display';
import { withClient } from './command-runner';

function chunkSize(value: string): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n <= 0)
    throw new InvalidArgumentError('must be a positive number of bytes');
  return n;
}

async function withProgress<T>(
  quiet: boolean | undefined,
  work: (display: ProgressDisplay) => Promise<T>,
): Promise<T> {
  const display = new ProgressDisplay(process.stderr, !quiet);
  try {
    return await work(display);
  } finally {
    display.stop();
  }
}

/** `pull`, `push` and `copy`. */
export function registerTransferCommands(program: Command): void {
  program
    .command('pull')
    .description('pull an image (one platform, or --all-platforms) into an OCI image layout directory')
    .argument('<ref>', 'image reference')
    .argument('<dir>', 'layout directory, optionally DIR:NAME for the index.json ref name (default: the tag)')
    .option('--all-platforms', 'keep a multi-platform index whole (every platform)')
    .action(async (ref: string, target: string, opts: { allPlatforms?: boolean }, command: Command) =>
      withClient(command, [ref], async (client, options) => {
        const { dir, name } = splitLayoutArgument(target);
        const result = await withProgress(options.quiet || options.json, (display) =>
          client.pull(ref, dir, {
            ...(options.platform ? { platform: options.platform } : {}),
            ...(opts.allPlatforms ? { allPlatforms: true } : {}),
            ...(name ? { name } : {}),
            onProgress: display.update,
          }),
        );
        print(options.json, result, () => `pulled ${ref} ${result.digest} to ${dir}`);
      }),
    );

  program
    .command('push')
    .description('push an image from an OCI image layout directory')
    .argument('<dir>', 'layout directory, DIR:NAME to pick an image by its ref name')
    .argument('<ref>', 'destination reference')
    .option('--chunk-size <bytes>', 'upload in PATCH chunks of this size instead of one PUT', chunkSize)
    .option('--mount-from <repo>', 'repository on the same registry to mount blobs from')
    .action(
      async (
        source: string,
        ref: string,
        opts: { chunkSize?: number; mountFrom?: string },
        command: Command,
      ) =>
        withClient(command, [ref], async (client, options) => {
          const { dir, name } = splitLayoutArgument(source);
          const result = await withProgress(options.quiet || options.json, (display) =>
            client.push(dir, ref, {
              ...(name ? { name } : {}),
              ...(opts.chunkSize ? { chunkSize: opts.chunkSize } : {}),
              ...(opts.mountFrom ? { mountFrom: opts.mountFrom } : {}),
              onProgress: display.update,
            }),
          );
          print(options.json, result, () => `pushed ${ref} ${result.digest}`);
        }),
    );

  program
    .command('copy')
    .description(
      'copy an image between registries (all platforms unless --platform), mounting blobs within one registry',
    )
    .argument('<src>', 'source reference')
    .argument('<dst>', 'destination reference')
    .action(async (src: string, dst: string, _opts: unknown, command: Command) =>
      withClient(command, [src, dst], async (client, options) => {
        const result = await withProgress(options.quiet || options.json, (display) =>
          client.copy(src, dst, {
            ...(options.platform ? { platform: options.platform } : {}),
            onProgress: display.update,
          }),
        );
        print(options.json, result, () => `copied ${src} to ${dst} ${result.digest}`);
      }),
    );
}
