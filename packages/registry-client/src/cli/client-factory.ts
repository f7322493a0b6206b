import { parseReference } from '@berth/oci';
import type { Credentials } from '../auth/credentials';
import type { RegistryClientOptions } from '../client-options';
import { InvalidArgumentError } from '../errors';
import { RegistryClient } from '../registry-client';
import { FileSchemeCache } from '../registry/scheme-cache';
import type { RegistryHostOptions } from '../transport/host-options';
import type { GlobalOptions } from './global-options';
import { readStdin } from './read-stdin';

/** The registry host of a command argument: a reference, a repository or a bare `host[:port]`. */
export function domainOf(argument: string): string {
  if (
    !argument.includes('/') &&
    (argument.includes('.') || argument.includes(':') || argument === 'localhost')
  ) {
    return argument;
  }
  return parseReference(argument).domain;
}

/** Username/password from --username and --password-stdin, for every host the command touches. */
export async function flagCredentials(options: GlobalOptions): Promise<Credentials | undefined> {
  if (options.passwordStdin && options.username === undefined) {
    throw new InvalidArgumentError('--password-stdin needs --username');
  }
  if (options.username === undefined) return undefined;
  if (!options.passwordStdin)
    throw new InvalidArgumentError(
      '--username needs --password-stdin (passwords on the command line leak into ps and history)',
    );
  const password = await readStdin();
  if (password === '') throw new InvalidArgumentError('--password-stdin: stdin was empty');
  return { username: options.username, password };
}

/** A client configured from the global flags for the registries named in `targets`. */
export async function createClient(
  options: GlobalOptions,
  targets: readonly string[],
  given?: Credentials,
): Promise<RegistryClient> {
  const domains = targets.map(domainOf);
  const hosts: Record<string, RegistryHostOptions> = {};
  if (options.insecure) for (const domain of domains) hosts[domain] = { insecure: true };
  const credentials = given ?? (await flagCredentials(options));
  const clientOptions: RegistryClientOptions = {
    hosts,
    ...(credentials ? { credentials: Object.fromEntries(domains.map((d) => [d, credentials])) } : {}),
    ...(options.dockerConfig ? { dockerConfig: options.dockerConfig } : {}),
    ...(options.certsDir && options.certsDir.length > 0 ? { certsDirs: options.certsDir } : {}),
    ...(options.concurrency !== undefined ? { concurrency: options.concurrency } : {}),
    // Each run is a new process: remember which scheme insecure registries answered on.
    schemeCache: new FileSchemeCache(),
  };
  return new RegistryClient(clientOptions);
}
