import type { Command } from 'commander';
import { eraseDockerCredentials, storeDockerCredentials } from '../../auth/docker-config';
import { InvalidArgumentError } from '../../errors';
import { domainOf, flagCredentials } from '../client-factory';
import { print } from '../output';
import { withClient } from './command-runner';

/** `login` and `logout`: credentials in docker's config.json (or its credential helper). */
export function registerLoginCommands(program: Command): void {
  program
    .command('login')
    .description('check credentials against a registry and save them in docker config.json')
    .argument('<host>', 'registry host[:port]')
    .action(async (host: string, _opts: unknown, command: Command) => {
      const options = command.optsWithGlobals<{
        username?: string;
        passwordStdin?: boolean;
        dockerConfig?: string;
        json?: boolean;
      }>();
      if (options.username === undefined)
        throw new InvalidArgumentError('login needs --username and --password-stdin');
      const credentials = await flagCredentials(options);
      if (credentials === undefined)
        throw new InvalidArgumentError('login needs --username and --password-stdin');
      const domain = domainOf(host);
      // Verified with exactly these credentials, not any already saved.
      await withClient(command, [host], async (client) => client.checkAccess(domain), credentials);
      await storeDockerCredentials(domain, credentials, options.dockerConfig);
      print(options.json, { host: domain, loggedIn: true }, () => `Login Succeeded`);
    });

  program
    .command('logout')
    .description('remove saved credentials of a registry from docker config.json')
    .argument('<host>', 'registry host[:port]')
    .action(async (host: string, _opts: unknown, command: Command) => {
      const options = command.optsWithGlobals<{ dockerConfig?: string; json?: boolean }>();
      const domain = domainOf(host);
      const removed = await eraseDockerCredentials(domain, options.dockerConfig);
      print(options.json, { host: domain, removed }, () =>
        removed ? `Removed login credentials for ${domain}` : `Not logged in to ${domain}`,
      );
    });
}
