import { COMMANDS } from './command-table';

export function generalHelp(): string {
  const names = Object.keys(COMMANDS);
  const width = Math.max(...names.map((n) => n.length)) + 3;
  return [
    'NAME:',
    '   berth-runtime - Open Container Initiative runtime (runc compatible)',
    '',
    'USAGE:',
    '   berth-runtime [global options] command [command options] [arguments...]',
    '',
    'COMMANDS:',
    ...names.map((n) => `   ${n.padEnd(width)}${COMMANDS[n].summary}`),
    '',
    'GLOBAL OPTIONS:',
    '   --debug                 enable debug logging',
    '   --log value             set the log file to write berth-runtime logs to (default is stderr)',
    "   --log-format value      set the log format ('text' (default), or 'json') (default: \"text\")",
    '   --root value            root directory for storage of container state (default: "/run/berth/runtime")',
    '   --systemd-cgroup        enable systemd cgroup support (refused: not supported)',
    "   --rootless value        ignore cgroup permission errors ('true', 'false', or 'auto') (default: \"auto\")",
    '   --help, -h              show help',
    '   --version, -v           print the version',
    '',
  ].join('\n');
}

export function commandHelp(name: string): string {
  const entry = COMMANDS[name];
  if (!entry) return `No help topic for '${name}'\n`;
  const command = entry.load();
  const flags = Object.entries(command.flags).map(([flag, spec]) => {
    const names = [`--${flag}`, ...(spec.aliases ?? []).map((a) => `-${a}`)].join(', ');
    return `   ${names}${spec.kind === 'bool' ? '' : ' value'}`;
  });
  return [
    'NAME:',
    `   berth-runtime ${name} - ${entry.summary}`,
    '',
    'USAGE:',
    `   berth-runtime ${name} ${command.usage}`,
    '',
    ...(flags.length ? ['OPTIONS:', ...flags, ''] : []),
  ].join('\n');
}
