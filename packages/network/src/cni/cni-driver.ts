import { promises as fs } from 'node:fs';
import path from 'node:path';
import { writeJsonAtomic } from '@berth/kit';
import { CniError, InvalidArgumentError } from '../errors';
import type { PortMapping } from '../model';
import { run } from '../util/run';
import { CommandFailedError } from '../errors';

interface PluginConf {
  type: string;
  capabilities?: Record<string, boolean>;
  [key: string]: unknown;
}

interface ConfList {
  cniVersion: string;
  name: string;
  plugins: PluginConf[];
}

/** The parts of a CNI result (spec §"Success") Berth reads. */
export interface CniResult {
  cniVersion?: string;
  interfaces?: { name: string; mac?: string; sandbox?: string }[];
  ips?: { address: string; gateway?: string; interface?: number }[];
  [key: string]: unknown;
}

export interface CniInvocation {
  containerId: string;
  netnsPath: string;
  ifname: string;
  ports: PortMapping[];
}

/** Reads and checks a conflist, naming the file and field that is wrong. */
export async function loadConfList(file: string): Promise<ConfList> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(await fs.readFile(file, 'utf8'));
  } catch (error) {
    throw new InvalidArgumentError(`cni_conflist: cannot read ${file}: ${(error as Error).message}`);
  }
  const list = parsed as Partial<ConfList>;
  if (typeof list.cniVersion !== 'string')
    throw new InvalidArgumentError(`cni_conflist ${file}: cniVersion is missing`);
  if (typeof list.name !== 'string') throw new InvalidArgumentError(`cni_conflist ${file}: name is missing`);
  if (!Array.isArray(list.plugins) || list.plugins.length === 0) {
    throw new InvalidArgumentError(`cni_conflist ${file}: plugins must be a non-empty list`);
  }
  list.plugins.forEach((plugin, i) => {
    if (typeof plugin?.type !== 'string' || !/^[A-Za-z0-9_.-]+$/.test(plugin.type)) {
      throw new InvalidArgumentError(
        `cni_conflist ${file}: plugins[${i}].type is missing or not a plugin name`,
      );
    }
  });
  return list as ConfList;
}

/**
 * Runs a CNI network configuration list per the CNI spec: plugins in order for ADD (each given
 * the previous result), in reverse for DEL (given the cached ADD result). Results are cached on
 * disk, keyed by network, container and interface, so DEL works after a daemon restart.
 */
export class CniDriver {
  constructor(
    private readonly pluginDirs: string[],
    private readonly cacheDir: string,
  ) {}

  private cacheFile(network: string, invocation: CniInvocation): string {
    return path.join(this.cacheDir, `${network}-${invocation.containerId}-${invocation.ifname}.json`);
  }

  private async findPlugin(type: string): Promise<string> {
    for (const dir of this.pluginDirs) {
      const candidate = path.join(dir, type);
      if (
        await fs.access(candidate, fs.constants.X_OK).then(
          () => true,
          () => false,
        )
      )
        return candidate;
    }
    throw new CniError(`CNI plugin ${JSON.stringify(type)} not found in ${this.pluginDirs.join(':')}`);
  }

  private async exec(
    command: 'ADD' | 'DEL',
    list: ConfList,
    plugin: PluginConf,
    invocation: CniInvocation,
    prevResult?: CniResult,
  ): Promise<CniResult | undefined> {
    const runtimeConfig: Record<string, unknown> = {};
    if (plugin.capabilities?.portMappings) {
      runtimeConfig.portMappings = invocation.ports.map((p) => ({
        hostPort: p.hostPort,
        containerPort: p.containerPort,
        protocol: p.protocol,
        ...(p.hostIp ? { hostIP: p.hostIp } : {}),
      }));
    }
    const config = {
      ...plugin,
      cniVersion: list.cniVersion,
      name: list.name,
      ...(Object.keys(runtimeConfig).length > 0 ? { runtimeConfig } : {}),
      ...(prevResult ? { prevResult } : {}),
    };
    const env = {
      PATH: process.env.PATH ?? '/usr/sbin:/usr/bin:/sbin:/bin',
      CNI_COMMAND: command,
      CNI_CONTAINERID: invocation.containerId,
      CNI_NETNS: invocation.netnsPath,
      CNI_IFNAME: invocation.ifname,
      CNI_PATH: this.pluginDirs.join(':'),
    };
    try {
      const stdout = await run(await this.findPlugin(plugin.type), [], {
        input: JSON.stringify(config),
        env,
      });
      return command === 'ADD' ? (JSON.parse(stdout) as CniResult) : undefined;
    } catch (error) {
      if (error instanceof CommandFailedError) {
        // Plugins report errors as JSON {code, msg, details} on stdout.
        let detail = error.stderr;
        try {
          const parsed = JSON.parse(error.stderr) as { msg?: string; details?: string };
          detail = [parsed.msg, parsed.details].filter(Boolean).join(': ');
        } catch {
          // not JSON: keep the raw output
        }
        throw new CniError(`CNI ${command} ${plugin.type} on ${list.name}: ${detail}`, { cause: error });
      }
      throw error;
    }
  }

  async add(conflistFile: string, invocation: CniInvocation): Promise<CniResult> {
    const list = await loadConfList(conflistFile);
    let result: CniResult | undefined;
    const done: PluginConf[] = [];
    try {
      for (const plugin of list.plugins) {
        result = await this.exec('ADD', list, plugin, invocation, result);
        done.push(plugin);
      }
    } catch (error) {
      // Undo what ran, newest first, so a failed ADD leaves nothing behind.
      for (const plugin of done.reverse())
        await this.exec('DEL', list, plugin, invocation, result).catch(() => undefined);
      throw error;
    }
    await fs.mkdir(this.cacheDir, { recursive: true, mode: 0o700 });
    await writeJsonAtomic(
      this.cacheFile(list.name, invocation),
      { list, result: result ?? {} },
      { mode: 0o600 },
    );
    return result ?? {};
  }

  async del(conflistFile: string, invocation: CniInvocation): Promise<void> {
    const fallback = await loadConfList(conflistFile).catch(() => undefined);
    const name = fallback?.name ?? '';
    const cacheFile = this.cacheFile(name, invocation);
    const cached = await fs
      .readFile(cacheFile, 'utf8')
      .then((text) => JSON.parse(text) as { list: ConfList; result: CniResult })
      .catch(() => undefined);
    // The cached list is what ADD ran, even if the file changed since.
    const list = cached?.list ?? fallback;
    if (!list) throw new CniError(`CNI DEL: neither ${conflistFile} nor a cached result is readable`);
    for (const plugin of [...list.plugins].reverse())
      await this.exec('DEL', list, plugin, invocation, cached?.result);
    await fs.rm(cacheFile, { force: true });
  }
}

/** The container address a CNI result gives (first IPv4 of the container interface). */
export function resultAddress(
  result: CniResult,
  ifname: string,
): { address: string; prefix: number; gateway: string; mac: string } {
  const interfaces = result.interfaces ?? [];
  const index = interfaces.findIndex((i) => i.name === ifname && i.sandbox);
  const ip = (result.ips ?? []).find(
    (i) => (index < 0 || i.interface === undefined || i.interface === index) && !i.address.includes(':'),
  );
  if (!ip) throw new CniError(`CNI result has no IPv4 address for ${ifname}`);
  const [address, prefix] = ip.address.split('/');
  return { address, prefix: Number(prefix), gateway: ip.gateway ?? '', mac: interfaces[index]?.mac ?? '' };
}
