import { InvalidConfigError } from '../errors';
import type { PlanWriter } from '../helper/plan-writer';
import { Tag } from '../helper/plan-tags';
import type { Mount, Spec } from '../oci';
import { mapText } from './namespace-records';

export interface IdmapMount {
  mount: Mount;
  spec: Spec;
  /** The bind source, made absolute. */
  source: string;
  isBind: boolean;
  extensions: readonly string[];
  field: string;
}

/**
 * An ID-mapped mount (config.md: mounts[].uidMappings/gidMappings with the idmap or ridmap
 * option): the record after its mount record tells the helper which mapping to idmap the bind
 * source with, and whether recursively. Without mappings of its own the mount takes the
 * container's user namespace mappings, as runc does.
 */
export function writeIdmapRecord(plan: PlanWriter, m: IdmapMount): void {
  const { mount, spec, field } = m;
  const recursive = m.extensions.includes('ridmap');
  const own = Boolean(mount.uidMappings?.length || mount.gidMappings?.length);
  if (!own && !recursive && !m.extensions.includes('idmap')) return;
  if (!m.isBind) throw new InvalidConfigError(`${field}: idmapped mounts must be bind mounts`);
  if (own && !(mount.uidMappings?.length && mount.gidMappings?.length))
    throw new InvalidConfigError(`${field}.uidMappings/gidMappings: an idmapped mount needs both mappings`);
  const uid = own ? mount.uidMappings! : spec.linux?.uidMappings;
  const gid = own ? mount.gidMappings! : spec.linux?.gidMappings;
  if (!uid?.length || !gid?.length)
    throw new InvalidConfigError(
      `${field}.uidMappings: an idmapped mount without mappings of its own needs the container's user namespace mappings`,
    );
  plan.add(Tag.MountIdmap, m.source, mapText(uid), mapText(gid), recursive);
}
