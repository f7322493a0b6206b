import { PortInUseError, PoolExhaustedError } from '../errors';
import type { PortMapping, Protocol } from '../model';
import { hostPortFree } from './host-port-probe';
import type { PortRequest } from './port-request';

interface Holder {
  hostIp: string;
  owner: string;
}

/**
 * Host ports published by Berth, keyed by protocol/port. Two publishes clash when protocol and
 * port match and either binds every address or both bind the same one. Callers serialise
 * reserve/release through the manager's mutex; the table is rebuilt from endpoints at start.
 */
export class PortTable {
  private readonly held = new Map<string, Holder[]>();
  private next: number;

  constructor(
    /** Range for automatic host ports (docker's -P). */
    private readonly autoRange: [number, number],
    /** Probe for host listeners; injectable so unit tests do not bind real ports. */
    private readonly isHostFree: typeof hostPortFree = hostPortFree,
  ) {
    this.next = autoRange[0];
  }

  private key(protocol: Protocol, port: number): string {
    return `${protocol}/${port}`;
  }

  private clash(hostIp: string, port: number, protocol: Protocol): Holder | undefined {
    return this.held
      .get(this.key(protocol, port))
      ?.find((h) => h.hostIp === '' || hostIp === '' || h.hostIp === hostIp);
  }

  private take(mapping: PortMapping, owner: string): void {
    const key = this.key(mapping.protocol, mapping.hostPort);
    this.held.set(key, [...(this.held.get(key) ?? []), { hostIp: mapping.hostIp, owner }]);
  }

  /** Re-registers a mapping read back from state at start. */
  restore(mapping: PortMapping, owner: string): void {
    this.take(mapping, owner);
  }

  release(mappings: PortMapping[], owner: string): void {
    for (const m of mappings) {
      const key = this.key(m.protocol, m.hostPort);
      const rest = (this.held.get(key) ?? []).filter((h) => !(h.owner === owner && h.hostIp === m.hostIp));
      if (rest.length > 0) this.held.set(key, rest);
      else this.held.delete(key);
    }
  }

  private async usable(hostIp: string, port: number, protocol: Protocol): Promise<boolean> {
    return !this.clash(hostIp, port, protocol) && (await this.isHostFree(hostIp, port, protocol));
  }

  private async autoPort(hostIp: string, protocol: Protocol, from: number, to: number): Promise<number> {
    const count = to - from + 1;
    const start = this.next >= from && this.next <= to ? this.next : from;
    for (let step = 0; step < count; step++) {
      const port = from + ((start - from + step) % count);
      if (await this.usable(hostIp, port, protocol)) {
        this.next = port + 1;
        return port;
      }
    }
    throw new PoolExhaustedError(`no free ${protocol} host port in ${from}-${to}`);
  }

  /** Chooses host ports for all requests and holds them for `owner`; all or nothing. */
  async reserve(requests: PortRequest[], owner: string): Promise<PortMapping[]> {
    const granted: PortMapping[] = [];
    try {
      for (const request of requests) {
        const { hostIp, protocol, containerPort, containerPortEnd } = request;
        const count = containerPortEnd - containerPort + 1;
        const picks: number[] = [];
        if (request.hostPort === 0) {
          for (let i = 0; i < count; i++)
            picks.push(await this.autoPort(hostIp, protocol, ...this.autoRange));
        } else if (count === 1 && request.hostPortEnd > request.hostPort) {
          picks.push(await this.autoPort(hostIp, protocol, request.hostPort, request.hostPortEnd));
        } else {
          for (let i = 0; i < count; i++) {
            const port = request.hostPort + i;
            const holder = this.clash(hostIp, port, protocol);
            if (holder) {
              throw new PortInUseError(
                `${hostIp || '0.0.0.0'}:${port}/${protocol} is already published by ${holder.owner}`,
              );
            }
            if (!(await this.isHostFree(hostIp, port, protocol))) {
              throw new PortInUseError(
                `${hostIp || '0.0.0.0'}:${port}/${protocol} is in use by a host program`,
              );
            }
            picks.push(port);
          }
        }
        picks.forEach((hostPort, i) => {
          const mapping = { hostIp, hostPort, containerPort: containerPort + i, protocol };
          this.take(mapping, owner);
          granted.push(mapping);
        });
      }
      return granted;
    } catch (error) {
      this.release(granted, owner);
      throw error;
    }
  }
}
