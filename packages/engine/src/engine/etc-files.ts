// The /etc/hosts, /etc/hostname and /etc/resolv.conf a container sees, written into its
// directory and bind-mounted over the image's files.
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '@berth/kit';
import { InvalidOptionError } from '../errors';

export interface HostsEntry {
  address: string;
  names: string[];
}

export interface EtcInputs {
  hostname: string;
  domainname: string;
  /** The container's own addresses and names from each network attach. */
  hosts: HostsEntry[];
  /** --add-host "name:ip". */
  extraHosts: string[];
  /** --dns, else the networks' resolvers. */
  nameservers: string[];
  search: string[];
  options: string[];
}

export function hostsFile(inputs: EtcInputs): string {
  const lines = [
    '127.0.0.1\tlocalhost',
    '::1\tlocalhost ip6-localhost ip6-loopback',
    'fe00::0\tip6-localnet',
    'ff00::0\tip6-mcastprefix',
    'ff02::1\tip6-allnodes',
    'ff02::2\tip6-allrouters',
  ];
  for (const entry of inputs.extraHosts) {
    const colon = entry.indexOf(':');
    const [name, address] = [entry.slice(0, colon), entry.slice(colon + 1)];
    if (name === '' || address === '') throw new InvalidOptionError('add-host', `"${entry}" is not host:ip`);
    lines.push(`${address}\t${name}`);
  }
  for (const entry of inputs.hosts) lines.push(`${entry.address}\t${entry.names.join(' ')}`);
  return `${lines.join('\n')}\n`;
}

export function resolvConf(inputs: EtcInputs): string {
  const lines = inputs.nameservers.map((server) => `nameserver ${server}`);
  if (inputs.search.length > 0) lines.push(`search ${inputs.search.join(' ')}`);
  if (inputs.options.length > 0) lines.push(`options ${inputs.options.join(' ')}`);
  return `${lines.join('\n')}\n`;
}

/** The host's resolvers minus loopback ones (unreachable from another namespace), as docker filters them. */
export async function hostNameservers(path = '/etc/resolv.conf'): Promise<string[]> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    return [];
  }
  return text
    .split('\n')
    .map((line) => /^\s*nameserver\s+(\S+)/.exec(line)?.[1])
    .filter((server): server is string => server !== undefined && !/^(127\.|::1$)/.test(server));
}

export interface EtcPaths {
  hosts: string;
  hostname: string;
  resolvConf: string;
}

/**
 * Atomic replacements (a container joined with --network container: reads them), at once and
 * not fsynced: a start writes them again, so a crash can only lose what is rebuilt.
 * `durable: false` (a build step's bundle, gone when the step ends): plain writes.
 */
export async function writeEtcFiles(
  dir: string,
  inputs: EtcInputs,
  options: { durable?: boolean } = {},
): Promise<EtcPaths> {
  const paths = {
    hosts: join(dir, 'hosts'),
    hostname: join(dir, 'hostname'),
    resolvConf: join(dir, 'resolv.conf'),
  };
  const files: [string, string][] = [
    [paths.hosts, hostsFile(inputs)],
    [paths.hostname, `${inputs.hostname}\n`],
    [paths.resolvConf, resolvConf(inputs)],
  ];
  if (options.durable === false) {
    await Promise.all(files.map(([path, text]) => writeFile(path, text, { mode: 0o644 })));
    return paths;
  }
  await Promise.all(files.map(([path, text]) => writeFileAtomic(path, text, { durable: false })));
  return paths;
}
