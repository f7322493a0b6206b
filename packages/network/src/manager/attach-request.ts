import { AttachmentExistsError, InvalidArgumentError } from '../errors';
import { isMac } from '../ip/mac';
import type { ContainerRecord, NetworkRecord } from '../model';
import { validatePortRequest, type PortRequest } from '../ports/port-request';

export interface AttachRequest {
  containerId: string;
  /** Name other containers resolve; kept from the first attach of the container. */
  name?: string;
  netnsPath: string;
  /** Network name or id. */
  network: string;
  ifname?: string;
  ip?: string;
  mac?: string;
  aliases?: string[];
  ports?: PortRequest[];
}

const CONTAINER_ID = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$/;
// Names and aliases are docker container names (`web`, `my_app`, `api.v2`): docker's rule, not
// RFC 1123's, since its own random names have underscores and its DNS answers for them.
const CONTAINER_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,252}$/;

/** Checks an attach request against the network and the container's other endpoints. */
export function validateAttachRequest(
  request: AttachRequest,
  network: NetworkRecord,
  existing: ContainerRecord | undefined,
): void {
  const id = request.containerId;
  if (!CONTAINER_ID.test(id)) {
    throw new InvalidArgumentError(`container_id: ${JSON.stringify(id)} is not a valid id`);
  }
  for (const name of [request.name ?? '', ...(request.aliases ?? [])].filter(Boolean)) {
    if (!CONTAINER_NAME.test(name)) {
      throw new InvalidArgumentError(
        `name/alias: ${JSON.stringify(name)} is not a valid name ([a-zA-Z0-9][a-zA-Z0-9_.-]*)`,
      );
    }
  }
  if (existing?.endpoints.some((e) => e.networkId === network.id)) {
    throw new AttachmentExistsError(`container ${id} is already attached to network ${network.name}`);
  }
  if (existing && existing.netnsPath !== request.netnsPath) {
    throw new InvalidArgumentError(
      `netns_path: container ${id} is attached through ${existing.netnsPath}, not ${request.netnsPath}`,
    );
  }
  if (request.ifname && existing?.endpoints.some((e) => e.ifname === request.ifname)) {
    throw new InvalidArgumentError(`ifname: ${request.ifname} is already used in container ${id}`);
  }
  if (request.mac && !isMac(request.mac)) {
    throw new InvalidArgumentError(`mac: ${JSON.stringify(request.mac)} is not a MAC address`);
  }
  if (network.internal && (request.ports?.length ?? 0) > 0) {
    throw new InvalidArgumentError(`ports: network ${network.name} is internal and cannot publish ports`);
  }
  (request.ports ?? []).forEach((p, i) => validatePortRequest(p, `ports[${i}]`));
}

/** The lowest ethN the container does not use yet. */
export function nextIfname(container: ContainerRecord | undefined): string {
  const used = new Set(container?.endpoints.map((e) => e.ifname));
  for (let i = 0; ; i++) if (!used.has(`eth${i}`)) return `eth${i}`;
}
