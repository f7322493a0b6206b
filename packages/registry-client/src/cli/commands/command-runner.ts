import type { Command } from 'commander';
import { parsePlatform } from '@berth/oci';
import type { Credentials } from '../../auth/credentials';
import type { RegistryClient } from '../../registry-client';
import { createClient } from '../client-factory';
import type { GlobalOptions } from '../global-options';

/** Runs a command's work with a client for the registries in `targets`, always closing it. */
export async function withClient<T>(
  command: Command,
  targets: readonly string[],
  work: (client: RegistryClient, options: GlobalOptions) => Promise<T>,
  credentials?: Credentials,
): Promise<T> {
  const options = command.optsWithGlobals<GlobalOptions>();
  // A bad --platform is a usage error, reported before any registry is contacted.
  if (options.platform !== undefined) parsePlatform(options.platform);
  const client = await createClient(options, targets, credentials);
  try {
    return await work(client, options);
  } finally {
    await client.close();
  }
}
