import type { Spec } from '../oci';
import { Tag } from '../helper/plan-tags';
import type { PlanWriter } from '../helper/plan-writer';
import { InvalidConfigError } from '../errors';
import { CLONE_FLAGS, NS_PROC_NAMES } from './kernel-constants';

export interface NamespacePlan {
  /** CLONE_NEW* bits of the namespaces to create. */
  newFlags: number;
  /** type → path of the namespaces to join. */
  joins: Map<string, string>;
  types: Set<string>;
}

/** Checks linux.namespaces (known types, no duplicates, absolute paths) and sorts new from joined. */
export function namespacePlan(spec: Spec): NamespacePlan {
  const out: NamespacePlan = { newFlags: 0, joins: new Map(), types: new Set() };
  (spec.linux?.namespaces ?? []).forEach((ns, i) => {
    const field = `linux.namespaces[${i}]`;
    const flag = CLONE_FLAGS[ns.type];
    if (flag === undefined)
      throw new InvalidConfigError(`${field}.type: unknown namespace type "${ns.type}"`);
    if (out.types.has(ns.type))
      throw new InvalidConfigError(`${field}.type: duplicate namespace "${ns.type}"`);
    out.types.add(ns.type);
    if (ns.path) {
      if (!ns.path.startsWith('/'))
        throw new InvalidConfigError(`${field}.path: must be absolute, got "${ns.path}"`);
      out.joins.set(ns.type, ns.path);
    } else {
      out.newFlags |= flag;
    }
  });
  return out;
}

export function writeNamespaceRecords(plan: PlanWriter, spec: Spec, ns: NamespacePlan): void {
  const linux = spec.linux ?? {};
  if (ns.newFlags) plan.add(Tag.NsNew, ns.newFlags);
  for (const [type, nsPath] of ns.joins) plan.add(Tag.NsJoin, CLONE_FLAGS[type], nsPath);
  if (ns.newFlags & CLONE_FLAGS.user) {
    if (!linux.uidMappings?.length || !linux.gidMappings?.length) {
      throw new InvalidConfigError('linux.uidMappings/gidMappings: a new user namespace needs both mappings');
    }
    plan.add(Tag.UidMap, mapText(linux.uidMappings));
    plan.add(Tag.GidMap, mapText(linux.gidMappings));
  } else if ((linux.uidMappings?.length || linux.gidMappings?.length) && !ns.joins.has('user')) {
    throw new InvalidConfigError('linux.uidMappings: mappings need a user namespace in linux.namespaces');
  }
  if (spec.hostname !== undefined && spec.hostname !== '') {
    if (!ns.types.has('uts'))
      throw new InvalidConfigError('hostname: setting it needs a private uts namespace');
    plan.add(Tag.Hostname, spec.hostname);
  }
  if (spec.domainname) {
    if (!ns.types.has('uts'))
      throw new InvalidConfigError('domainname: setting it needs a private uts namespace');
    plan.add(Tag.Domainname, spec.domainname);
  }
  if (linux.timeOffsets && Object.keys(linux.timeOffsets).length > 0) {
    if (!(ns.newFlags & CLONE_FLAGS.time))
      throw new InvalidConfigError('linux.timeOffsets: needs a new time namespace');
    const lines = Object.entries(linux.timeOffsets).map(
      ([clock, o]) => `${clock} ${o?.secs ?? 0} ${o?.nanosecs ?? 0}\n`,
    );
    plan.add(Tag.TimeOffsets, lines.join(''));
  }
}

/** Joins every namespace of a running container (exec), user namespace first. */
export function writeJoinRecords(plan: PlanWriter, spec: Spec, pid: number): void {
  for (const ns of spec.linux?.namespaces ?? []) {
    plan.add(Tag.NsJoin, CLONE_FLAGS[ns.type], `/proc/${pid}/ns/${NS_PROC_NAMES[ns.type]}`);
  }
}

/** uid_map/gid_map text: one "containerID hostID size" line per mapping. */
export function mapText(maps: readonly { containerID: number; hostID: number; size: number }[]): string {
  return maps.map((m) => `${m.containerID} ${m.hostID} ${m.size}\n`).join('');
}

/** The host uid that is root in the container (owner of files the container must use). */
export function hostRootUid(spec: Spec): number {
  const map = spec.linux?.uidMappings?.find((m) => m.containerID === 0);
  return map?.hostID ?? 0;
}
