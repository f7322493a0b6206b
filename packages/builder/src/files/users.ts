// User and group names resolved against the image's own /etc/passwd and /etc/group, as runc
// and docker do for USER, and docker's --chown rules for COPY/ADD.

import { readFile } from 'node:fs/promises';
import { BuilderError } from '../errors';
import { resolveInRoot } from '../context/scoped-path';

export interface Owner {
  uid: number;
  gid: number;
}

export interface ProcessUser extends Owner {
  additionalGids: number[];
}

interface PasswdEntry {
  name: string;
  uid: number;
  gid: number;
}

interface GroupEntry {
  name: string;
  gid: number;
  members: string[];
}

async function readTable(rootfs: string, file: string): Promise<string[][]> {
  try {
    const text = await readFile(await resolveInRoot(rootfs, file), 'utf8');
    return text
      .split('\n')
      .filter((line) => line.trim() !== '' && !line.startsWith('#'))
      .map((line) => line.split(':'));
  } catch (error) {
    if (['ENOENT', 'ENOTDIR'].includes((error as NodeJS.ErrnoException).code ?? '')) return [];
    throw error;
  }
}

async function passwd(rootfs: string): Promise<PasswdEntry[]> {
  return (await readTable(rootfs, '/etc/passwd')).map((f) => ({
    name: f[0],
    uid: Number(f[2]),
    gid: Number(f[3]),
  }));
}

async function groups(rootfs: string): Promise<GroupEntry[]> {
  return (await readTable(rootfs, '/etc/group')).map((f) => ({
    name: f[0],
    gid: Number(f[2]),
    members: (f[3] ?? '').split(',').filter((m) => m !== ''),
  }));
}

const isId = (text: string): boolean => /^\d+$/.test(text);

async function groupId(rootfs: string, spec: string, userText: string): Promise<number> {
  if (isId(spec)) return Number(spec);
  const group = (await groups(rootfs)).find((entry) => entry.name === spec);
  if (group === undefined) {
    throw new BuilderError(
      'USER_NOT_FOUND',
      `unable to find group ${spec} for ${userText}: no matching entries in group file`,
    );
  }
  return group.gid;
}

/** USER `name|uid[:group|gid]`: unknown numeric users run with gid 0, like runc. */
export async function resolveProcessUser(rootfs: string, spec: string | undefined): Promise<ProcessUser> {
  const text = spec === undefined || spec === '' ? 'root' : spec;
  const [userPart, groupPart] = text.split(':', 2);
  const entries = await passwd(rootfs);
  const entry = entries.find((e) => (isId(userPart) ? e.uid === Number(userPart) : e.name === userPart));
  if (entry === undefined && !isId(userPart)) {
    throw new BuilderError(
      'USER_NOT_FOUND',
      `unable to find user ${userPart}: no matching entries in passwd file`,
    );
  }
  const uid = entry?.uid ?? Number(userPart);
  const gid = groupPart !== undefined ? await groupId(rootfs, groupPart, text) : (entry?.gid ?? 0);
  const additionalGids =
    groupPart !== undefined || entry === undefined
      ? []
      : (await groups(rootfs))
          .filter((g) => g.members.includes(entry.name) && g.gid !== gid)
          .map((g) => g.gid);
  return { uid, gid, additionalGids };
}

/** COPY/ADD --chown: a user without a group gets the same number as gid (docker's rule). */
export async function resolveChown(rootfs: string, spec: string): Promise<Owner> {
  const [userPart, groupPart] = spec.split(':', 2);
  let uid: number;
  if (isId(userPart)) uid = Number(userPart);
  else {
    const entry = (await passwd(rootfs)).find((e) => e.name === userPart);
    if (entry === undefined) {
      throw new BuilderError(
        'USER_NOT_FOUND',
        `unable to convert uid/gid chown string to host mapping: can't find uid for user ${userPart}: no such user: ${userPart}`,
      );
    }
    uid = entry.uid;
  }
  const gid = groupPart === undefined || groupPart === '' ? uid : await groupId(rootfs, groupPart, spec);
  return { uid, gid };
}
