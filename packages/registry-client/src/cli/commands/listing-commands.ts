import { Command, InvalidArgumentError } from 'commander';
import { print } from '../output';
import { withClient } from './command-runner';

function pageSize(value: string): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n <= 0) throw new InvalidArgumentError('must be a positive integer');
  return n;
}

/** `tags`, `catalog` and `delete`. */
export function registerListingCommands(program: Command): void {
  program
    .command('tags')
    .description('list the tags of a repository')
    .argument('<repo>', 'repository, e.g. localhost:5000/app')
    .option('--page-size <n>', 'tags per request (the registry may ignore it)', pageSize)
    .action(async (repo: string, opts: { pageSize?: number }, command: Command) =>
      withClient(command, [repo], async (client, options) => {
        const tags = await client.tags(repo, opts.pageSize);
        print(options.json, tags, () => tags.join('\n'));
      }),
    );

  program
    .command('catalog')
    .description('list the repositories of a registry')
    .argument('<host>', 'registry host[:port]')
    .option('--page-size <n>', 'repositories per request', pageSize)
    .action(async (host: string, opts: { pageSize?: number }, command: Command) =>
      withClient(command, [host], async (client, options) => {
        const repositories = await client.catalog(host, opts.pageSize);
        print(options.json, repositories, () => repositories.join('\n'));
      }),
    );

  program
    .command('delete')
    .description('delete the manifest a reference names from its registry')
    .argument('<ref>', 'image reference (a tag is resolved to its digest)')
    .action(async (ref: string, _opts: unknown, command: Command) =>
      withClient(command, [ref], async (client, options) => {
        const digest = await client.delete(ref);
        print(options.json, { deleted: digest }, () => `deleted ${digest}`);
      }),
    );
}
