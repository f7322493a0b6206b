import type { Command } from 'commander';
import { print } from '../output';
import { withClient } from './command-runner';

/** `manifest`, `config` and `digest`: what a reference names, without pulling it. */
export function registerInspectCommands(program: Command): void {
  program
    .command('manifest')
    .description('print the manifest or index a reference names (with --platform: that platform’s manifest)')
    .argument('<ref>', 'image reference')
    .action(async (ref: string, _opts: unknown, command: Command) =>
      withClient(command, [ref], async (client, options) => {
        const fetched = options.platform
          ? (await client.resolve(ref, options.platform)).manifest
          : await client.manifest(ref);
        // The exact bytes: their digest is the image's identity.
        process.stdout.write(`${fetched.bytes.toString('utf8').replace(/\n?$/, '\n')}`);
      }),
    );

  program
    .command('config')
    .description('print the image config for a platform (default: this host)')
    .argument('<ref>', 'image reference')
    .action(async (ref: string, _opts: unknown, command: Command) =>
      withClient(command, [ref], async (client, options) => {
        const config = await client.config(ref, options.platform);
        process.stdout.write(`${config.toString('utf8').replace(/\n?$/, '\n')}`);
      }),
    );

  program
    .command('digest')
    .description('print the digest a reference resolves to (with --platform: that platform’s manifest)')
    .argument('<ref>', 'image reference')
    .action(async (ref: string, _opts: unknown, command: Command) =>
      withClient(command, [ref], async (client, options) => {
        if (options.platform) {
          const { manifest } = await client.resolve(ref, options.platform);
          print(
            options.json,
            { digest: manifest.digest, mediaType: manifest.mediaType, size: manifest.bytes.byteLength },
            () => manifest.digest,
          );
          return;
        }
        const resolved = await client.digest(ref);
        print(options.json, resolved, () => resolved.digest);
      }),
    );
}
