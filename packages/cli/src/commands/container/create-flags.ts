import { bool, list, str, type FlagSpec } from '../../args/flag-spec';
import { HEALTH_FLAGS } from './health-flags';
import { RESOURCE_FLAGS } from './resource-flags';

/** The flags `run` and `create` share, with docker's names and shorthands. */
export const CREATE_FLAGS: FlagSpec[] = [
  ...RESOURCE_FLAGS,
  list('add-host', 'Add a custom host-to-IP mapping (host:ip)'),
  list('cap-add', 'Add Linux capabilities'),
  list('cap-drop', 'Drop Linux capabilities'),
  list('dns', 'Set custom DNS servers'),
  list('dns-option', 'Set DNS options'),
  list('dns-search', 'Set custom DNS search domains'),
  str('entrypoint', 'Overwrite the default ENTRYPOINT of the image'),
  list('env', 'Set environment variables', 'e'),
  list('env-file', 'Read in a file of environment variables'),
  list('expose', 'Expose a port or a range of ports'),
  str('hostname', 'Container host name', 'h'),
  str('domainname', 'Container NIS domain name'),
  ...HEALTH_FLAGS,
  bool('init', 'Run an init inside the container that forwards signals and reaps processes'),
  bool('interactive', 'Keep STDIN open even if not attached', 'i'),
  str('ip', 'IPv4 address (e.g., 172.30.100.104)'),
  list('label', 'Set meta data on a container', 'l'),
  list('mount', 'Attach a filesystem mount to the container', undefined, 'mount'),
  str('name', 'Assign a name to the container'),
  str('network', 'Connect a container to a network', undefined, 'network'),
  list('network-alias', 'Add network-scoped alias for the container'),
  str('platform', 'Set platform if server is multi-platform capable'),
  bool('privileged', 'Give extended privileges to this container'),
  list('publish', "Publish a container's port(s) to the host", 'p'),
  bool('publish-all', 'Publish all exposed ports to random ports', 'P'),
  str('pull', 'Pull image before creating ("always", "missing", "never")'),
  bool('read-only', "Mount the container's root filesystem as read only"),
  bool('rm', 'Automatically remove the container and its associated anonymous volumes when it exits'),
  list('security-opt', 'Security Options'),
  str('stop-signal', 'Signal to stop the container'),
  str('stop-timeout', 'Timeout (in seconds) to stop a container', undefined, 'int'),
  list('sysctl', 'Sysctl options', undefined, 'map'),
  list('tmpfs', 'Mount a tmpfs directory'),
  bool('tty', 'Allocate a pseudo-TTY', 't'),
  list('ulimit', 'Ulimit options', undefined, 'ulimit'),
  str('user', 'Username or UID (format: <name|uid>[:<group|gid>])', 'u'),
  list('volume', 'Bind mount a volume', 'v'),
  str('workdir', 'Working directory inside the container', 'w'),
];

/** Flags only `run` has. */
export const RUN_ONLY_FLAGS: FlagSpec[] = [
  bool('detach', 'Run container in background and print container ID', 'd'),
  str('detach-keys', 'Override the key sequence for detaching a container'),
  { ...bool('sig-proxy', 'Proxy received signals to the process'), defaultText: 'true' },
];
