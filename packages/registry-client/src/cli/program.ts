import { Command, InvalidArgumentError, Option } from 'commander';
import { registerInspectCommands } from './commands/inspect-commands';
import { registerListingCommands } from './commands/listing-commands';
import { registerLoginCommands } from './commands/login-commands';
import { registerTransferCommands } from './commands/transfer-commands';

function positiveInteger(value: string): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n <= 0) throw new InvalidArgumentError('must be a positive integer');
  return n;
}

function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

/** The berth-registry command line: global flags and every subcommand. */
export function buildProgram(): Command {
  const program = new Command('berth-registry')
    .description('OCI distribution client: inspect, pull, push and copy images')
    .version('0.1.0')
    .option('--insecure', 'allow plain HTTP and unverified TLS for the registries named')
    .option('--username <user>', 'registry user (password from --password-stdin)')
    .option('--password-stdin', 'read the password from stdin')
    .option(
      '--platform <os/arch[/variant]>',
      'platform to pick from a multi-platform image (default: this host)',
    )
    .option('--json', 'print results as JSON')
    .option('-q, --quiet', 'no progress output')
    .option('--debug', 'print stack traces of failures')
    .option('--concurrency <n>', 'blobs transferred at once (default 3)', positiveInteger)
    .option('--certs-dir <dir>', 'per-registry certificate dir (<dir>/<host>/ca.crt); repeatable', collect)
    .addOption(
      new Option('--docker-config <path>', 'docker config.json for credentials').env('BERTH_DOCKER_CONFIG'),
    )
    .showHelpAfterError('(berth-registry --help for usage)')
    .exitOverride();
  registerInspectCommands(program);
  registerListingCommands(program);
  registerTransferCommands(program);
  registerLoginCommands(program);
  for (const command of program.commands)
    command.exitOverride().showHelpAfterError(`(berth-registry ${command.name()} --help for usage)`);
  return program;
}
