import type { CommandDefinition } from './command';

/**
 * Every command, by the words that name it. Commands load on demand (a require inside a
 * function, which esbuild's bundle keeps lazy) so `berth ps` never evaluates the code of
 * `berth run`; this table holds only what help and routing need.
 */
export interface CommandEntry {
  /** Canonical path first, then aliases: [['container', 'ls'], ['container', 'ps'], ['ps']]. */
  paths: string[][];
  summary: string;
  load(): CommandDefinition;
  /** Left out of help (the completion helper). */
  hidden?: boolean;
}

/** Management groups as docker has them; `berth <group>` alone lists its commands. */
export const GROUPS: Record<string, string> = {
  container: 'Manage containers',
  image: 'Manage images',
  network: 'Manage networks',
  volume: 'Manage volumes',
  system: 'Manage Berth',
};

const entry = (paths: string[][], summary: string, load: CommandEntry['load']): CommandEntry => ({
  paths,
  summary,
  load,
});

export const COMMANDS: CommandEntry[] = [
  entry(
    [['container', 'run'], ['run']],
    'Create and run a new container from an image',
    () => (require('./container/run') as typeof import('./container/run')).run,
  ),
  entry(
    [['container', 'create'], ['create']],
    'Create a new container',
    () => (require('./container/run') as typeof import('./container/run')).create,
  ),
  entry(
    [['container', 'start'], ['start']],
    'Start one or more stopped containers',
    () => (require('./container/start') as typeof import('./container/start')).start,
  ),
  entry(
    [['container', 'stop'], ['stop']],
    'Stop one or more running containers',
    () => (require('./container/lifecycle') as typeof import('./container/lifecycle')).stop,
  ),
  entry(
    [['container', 'restart'], ['restart']],
    'Restart one or more containers',
    () => (require('./container/lifecycle') as typeof import('./container/lifecycle')).restart,
  ),
  entry(
    [['container', 'kill'], ['kill']],
    'Kill one or more running containers',
    () => (require('./container/lifecycle') as typeof import('./container/lifecycle')).kill,
  ),
  entry(
    [['container', 'pause'], ['pause']],
    'Pause all processes within one or more containers',
    () => (require('./container/lifecycle') as typeof import('./container/lifecycle')).pause,
  ),
  entry(
    [['container', 'unpause'], ['unpause']],
    'Unpause all processes within one or more containers',
    () => (require('./container/lifecycle') as typeof import('./container/lifecycle')).unpause,
  ),
  entry(
    [['container', 'rm'], ['container', 'remove'], ['rm']],
    'Remove one or more containers',
    () => (require('./container/lifecycle') as typeof import('./container/lifecycle')).rm,
  ),
  entry(
    [['container', 'wait'], ['wait']],
    'Block until one or more containers stop, then print their exit codes',
    () => (require('./container/lifecycle') as typeof import('./container/lifecycle')).wait,
  ),
  entry(
    [['container', 'update'], ['update']],
    'Update configuration of one or more containers',
    () => (require('./container/update') as typeof import('./container/update')).update,
  ),
  entry(
    [['container', 'rename'], ['rename']],
    'Rename a container',
    () => (require('./container/lifecycle') as typeof import('./container/lifecycle')).rename,
  ),
  entry(
    [['container', 'ls'], ['container', 'ps'], ['container', 'list'], ['ps']],
    'List containers',
    () => (require('./container/ps') as typeof import('./container/ps')).ps,
  ),
  entry(
    [['container', 'logs'], ['logs']],
    'Fetch the logs of a container',
    () => (require('./container/logs') as typeof import('./container/logs')).logs,
  ),
  entry(
    [['container', 'exec'], ['exec']],
    'Execute a command in a running container',
    () => (require('./container/exec') as typeof import('./container/exec')).exec,
  ),
  entry(
    [['container', 'attach'], ['attach']],
    'Attach local standard input, output, and error streams to a running container',
    () => (require('./container/attach') as typeof import('./container/attach')).attach,
  ),
  entry(
    [['container', 'inspect']],
    'Display detailed information on one or more containers',
    () => (require('./inspect') as typeof import('./inspect')).containerInspect,
  ),
  entry(
    [['inspect']],
    'Return low-level information on Berth objects',
    () => (require('./inspect') as typeof import('./inspect')).inspect,
  ),
  entry(
    [['container', 'top'], ['top']],
    'Display the running processes of a container',
    () => (require('./container/top') as typeof import('./container/top')).top,
  ),
  entry(
    [['container', 'stats'], ['stats']],
    'Display a live stream of container(s) resource usage statistics',
    () => (require('./container/stats') as typeof import('./container/stats')).stats,
  ),
  entry(
    [['container', 'port'], ['port']],
    'List port mappings or a specific mapping for the container',
    () => (require('./container/port') as typeof import('./container/port')).port,
  ),
  entry(
    [['container', 'cp'], ['cp']],
    'Copy files/folders between a container and the local filesystem',
    () => (require('./container/cp') as typeof import('./container/cp')).cp,
  ),
  entry(
    [['container', 'export'], ['export']],
    "Export a container's filesystem as a tar archive",
    () => (require('./container/export') as typeof import('./container/export')).exportContainer,
  ),
  entry(
    [['container', 'prune']],
    'Remove all stopped containers',
    () => (require('./container/prune') as typeof import('./container/prune')).containerPrune,
  ),

  entry(
    [['image', 'ls'], ['image', 'list'], ['images']],
    'List images',
    () => (require('./image/list') as typeof import('./image/list')).images,
  ),
  entry(
    [['image', 'inspect']],
    'Display detailed information on one or more images',
    () => (require('./inspect') as typeof import('./inspect')).imageInspect,
  ),
  entry(
    [['image', 'rm'], ['image', 'remove'], ['rmi']],
    'Remove one or more images',
    () => (require('./image/remove') as typeof import('./image/remove')).rmi,
  ),
  entry(
    [['image', 'prune']],
    'Remove unused images',
    () => (require('./image/remove') as typeof import('./image/remove')).imagePrune,
  ),
  entry(
    [['image', 'build'], ['build']],
    'Build an image from a Dockerfile',
    () => (require('./image/build') as typeof import('./image/build')).build,
  ),
  entry(
    [['image', 'history'], ['history']],
    'Show the history of an image',
    () => (require('./image/history') as typeof import('./image/history')).history,
  ),
  entry(
    [['image', 'tag'], ['tag']],
    'Create a tag TARGET_IMAGE that refers to SOURCE_IMAGE',
    () => (require('./image/tag') as typeof import('./image/tag')).tag,
  ),
  entry(
    [['image', 'save'], ['save']],
    'Save one or more images to a tar archive (streamed to STDOUT by default)',
    () => (require('./image/archive') as typeof import('./image/archive')).save,
  ),
  entry(
    [['image', 'load'], ['load']],
    'Load an image from a tar archive or STDIN',
    () => (require('./image/archive') as typeof import('./image/archive')).load,
  ),
  entry(
    [['image', 'pull'], ['pull']],
    'Download an image from a registry',
    () => (require('./image/transfer') as typeof import('./image/transfer')).pull,
  ),
  entry(
    [['image', 'push'], ['push']],
    'Upload an image to a registry',
    () => (require('./image/transfer') as typeof import('./image/transfer')).push,
  ),
  entry(
    [['login']],
    'Log in to a registry',
    () => (require('./image/login') as typeof import('./image/login')).login,
  ),
  entry(
    [['logout']],
    'Log out from a registry',
    () => (require('./image/login') as typeof import('./image/login')).logout,
  ),

  entry(
    [['network', 'create']],
    'Create a network',
    () => (require('./network') as typeof import('./network')).networkCreate,
  ),
  entry(
    [
      ['network', 'ls'],
      ['network', 'list'],
    ],
    'List networks',
    () => (require('./network') as typeof import('./network')).networkLs,
  ),
  entry(
    [['network', 'inspect']],
    'Display detailed information on one or more networks',
    () => (require('./inspect') as typeof import('./inspect')).networkInspect,
  ),
  entry(
    [
      ['network', 'rm'],
      ['network', 'remove'],
    ],
    'Remove one or more networks',
    () => (require('./network') as typeof import('./network')).networkRm,
  ),
  entry(
    [['network', 'connect']],
    'Connect a container to a network',
    () => (require('./network') as typeof import('./network')).networkConnect,
  ),
  entry(
    [['network', 'disconnect']],
    'Disconnect a container from a network',
    () => (require('./network') as typeof import('./network')).networkDisconnect,
  ),
  entry(
    [['network', 'prune']],
    'Remove all unused networks',
    () => (require('./network') as typeof import('./network')).networkPrune,
  ),

  entry(
    [['volume', 'create']],
    'Create a volume',
    () => (require('./volume') as typeof import('./volume')).volumeCreate,
  ),
  entry(
    [
      ['volume', 'ls'],
      ['volume', 'list'],
    ],
    'List volumes',
    () => (require('./volume') as typeof import('./volume')).volumeLs,
  ),
  entry(
    [['volume', 'inspect']],
    'Display detailed information on one or more volumes',
    () => (require('./inspect') as typeof import('./inspect')).volumeInspect,
  ),
  entry(
    [
      ['volume', 'rm'],
      ['volume', 'remove'],
    ],
    'Remove one or more volumes',
    () => (require('./volume') as typeof import('./volume')).volumeRm,
  ),
  entry(
    [['volume', 'prune']],
    'Remove unused local volumes',
    () => (require('./volume') as typeof import('./volume')).volumePrune,
  ),

  entry(
    [['system', 'info'], ['info']],
    'Display system-wide information',
    () => (require('./system/info') as typeof import('./system/info')).info,
  ),
  entry(
    [['version']],
    'Show the Berth version information',
    () => (require('./system/version') as typeof import('./system/version')).version,
  ),
  entry(
    [['system', 'df']],
    'Show berth disk usage',
    () => (require('./system/df') as typeof import('./system/df')).df,
  ),
  entry(
    [['system', 'prune']],
    'Remove unused data',
    () => (require('./system/prune') as typeof import('./system/prune')).systemPrune,
  ),
  entry(
    [['system', 'events'], ['events']],
    'Get real time events from the engine',
    () => (require('./system/events') as typeof import('./system/events')).events,
  ),
  entry(
    [['completion']],
    'Generate the autocompletion script for the specified shell',
    () => (require('./completion') as typeof import('./completion')).completion,
  ),
  {
    ...entry(
      [['__complete']],
      'Print completion candidates',
      () => (require('./completion') as typeof import('./completion')).complete,
    ),
    hidden: true,
  },
];

/** The command named by the leading words of `args`, and how many words that took. */
export function findCommand(args: readonly string[]): { entry: CommandEntry; path: string[] } | undefined {
  for (const length of [2, 1]) {
    const words = args.slice(0, length);
    if (words.length < length) continue;
    const found = COMMANDS.find((candidate) =>
      candidate.paths.some((path) => path.join(' ') === words.join(' ')),
    );
    if (found) return { entry: found, path: words };
  }
  return undefined;
}
