// Every compose subcommand by name.
import type { CommandDefinition } from './command';
import { config } from './config';
import { down } from './down';
import { exec } from './exec';
import { build } from './build';
import { images, pull, push } from './images';
import { port, top } from './inspect';
import { kill, restart, rm, start, stop } from './lifecycle';
import { logs } from './logs';
import { ls } from './ls';
import { ps } from './ps';
import { run } from './run';
import { up } from './up';

export const COMMANDS: readonly CommandDefinition[] = [
  build,
  config,
  down,
  exec,
  images,
  kill,
  logs,
  ls,
  port,
  ps,
  pull,
  push,
  restart,
  rm,
  run,
  start,
  stop,
  top,
  up,
];

export function findCommand(name: string): CommandDefinition | undefined {
  return COMMANDS.find((command) => command.name === name);
}
