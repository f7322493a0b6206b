import * as path from 'node:path';
import type { Mount, Spec } from '../oci';
import { Tag } from '../helper/plan-tags';
import type { PlanWriter } from '../helper/plan-writer';
import type { CgroupLayout } from '../cgroups/layout';
import { InvalidConfigError } from '../errors';
import { expandCgroupMount } from './cgroup-mount';
import { deviceNodes } from './devices';
import { writeIdmapRecord } from './idmap-records';
import { MS, parseMountOptions, propagationFlags } from './mount-options';

export interface MountPlanContext {
  bundle: string;
  rootfs: string;
  /** Needed only when a mount has type "cgroup". */
  cgroupLayout: () => CgroupLayout;
}

/** Rootfs, mounts in order, devices, masked and read-only paths. */
export function writeMountRecords(plan: PlanWriter, spec: Spec, ctx: MountPlanContext): void {
  plan.add(Tag.Rootfs, ctx.rootfs);
  plan.flag(Tag.RootReadonly, spec.root?.readonly);
  const propagation = spec.linux?.rootfsPropagation;
  if (propagation) {
    const flags = propagationFlags(propagation);
    if (flags === undefined)
      throw new InvalidConfigError(`linux.rootfsPropagation: unknown value "${propagation}"`);
    plan.add(Tag.RootfsPropagation, flags);
  }
  (spec.mounts ?? []).forEach((mount, i) => {
    const expanded = mount.type === 'cgroup' ? expandCgroupMount(mount, ctx.cgroupLayout()) : [mount];
    for (const m of expanded) writeMount(plan, m, spec, ctx.bundle, `mounts[${i}]`);
  });
  for (const d of deviceNodes(spec))
    plan.add(Tag.Device, d.path, d.type, d.major, d.minor, d.fileMode, d.uid, d.gid);
  for (const p of spec.linux?.maskedPaths ?? [])
    plan.add(Tag.Masked, checkedAbsolute(p, 'linux.maskedPaths'));
  for (const p of spec.linux?.readonlyPaths ?? [])
    plan.add(Tag.Readonly, checkedAbsolute(p, 'linux.readonlyPaths'));
}

function writeMount(plan: PlanWriter, mount: Mount, spec: Spec, bundle: string, field: string): void {
  const destination = checkedAbsolute(mount.destination, `${field}.destination`);
  const opts = parseMountOptions(mount.options ?? []);
  let flags = opts.flags;
  if (mount.type === 'bind') flags |= MS.BIND;
  const isBind = (flags & MS.BIND) !== 0;
  let source = mount.source ?? mount.type ?? 'none';
  // runc resolves a relative bind source against the bundle directory.
  if (isBind && !path.isAbsolute(source)) source = path.resolve(bundle, source);
  const type = isBind ? 'bind' : (mount.type ?? 'none');
  plan.add(
    Tag.Mount,
    source,
    destination,
    type,
    flags,
    opts.propagation,
    opts.data,
    opts.attrSet,
    opts.attrClr,
    opts.extensions.join(','),
  );
  writeIdmapRecord(plan, { mount, spec, source, isBind, extensions: opts.extensions, field });
}

function checkedAbsolute(p: string, field: string): string {
  if (!p.startsWith('/')) throw new InvalidConfigError(`${field}: "${p}" must be an absolute path`);
  return p;
}
