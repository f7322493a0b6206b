// Resolves docker's --user / image USER ("name", "uid", "name:group", "uid:gid") against the
// image's /etc/passwd and /etc/group, as docker does: numeric ids need no entry; names must
// exist; the user's primary group comes from passwd and supplementary groups from group.
import type { User } from '@berth/oci';
import { InvalidOptionError } from '../errors';

export interface PasswdEntry {
  name: string;
  uid: number;
  gid: number;
  home: string;
}

export interface GroupEntry {
  name: string;
  gid: number;
  members: string[];
}

const isId = (text: string) => /^\d+$/.test(text);
const MAX_ID = 2 ** 32 - 2;

/** Parses /etc/passwd content, skipping comments and malformed lines as libc does. */
export function parsePasswd(content: string): PasswdEntry[] {
  return content.split('\n').flatMap((line) => {
    const fields = line.split(':');
    if (line.startsWith('#') || fields.length < 7 || !isId(fields[2]) || !isId(fields[3])) return [];
    return [{ name: fields[0], uid: Number(fields[2]), gid: Number(fields[3]), home: fields[5] }];
  });
}

/** Parses /etc/group content. */
export function parseGroup(content: string): GroupEntry[] {
  return content.split('\n').flatMap((line) => {
    const fields = line.split(':');
    if (line.startsWith('#') || fields.length < 4 || !isId(fields[2])) return [];
    return [{ name: fields[0], gid: Number(fields[2]), members: fields[3].split(',').filter(Boolean) }];
  });
}

export interface ResolvedUser {
  user: User;
  /** The user's home directory (for HOME), "/" when unknown. */
  home: string;
}

function parseId(text: string, what: string, spec: string): number {
  const id = Number(text);
  if (id > MAX_ID) throw new InvalidOptionError('user', `${what} ${text} in "${spec}" is out of range`);
  return id;
}

/**
 * `spec` empty means root. `passwd`/`group` are the image's files' content, or undefined when
 * the image has none (then only numeric ids work).
 */
export function resolveUser(
  spec: string,
  passwd: string | undefined,
  group: string | undefined,
): ResolvedUser {
  const [userPart, groupPart, extra] = (spec.trim() || '0').split(':');
  if (userPart === '' || groupPart === '' || extra !== undefined)
    throw new InvalidOptionError('user', `"${spec}" is not user[:group]`);
  const users = parsePasswd(passwd ?? '');
  const groups = parseGroup(group ?? '');

  const entry = isId(userPart)
    ? users.find((u) => u.uid === Number(userPart))
    : users.find((u) => u.name === userPart);
  if (!entry && !isId(userPart))
    throw new InvalidOptionError(
      'user',
      `unable to find user ${userPart}: no matching entries in passwd file`,
    );
  const uid = entry ? entry.uid : parseId(userPart, 'uid', spec);

  let gid = entry ? entry.gid : 0;
  if (groupPart !== undefined) {
    const named = isId(groupPart) ? undefined : groups.find((g) => g.name === groupPart);
    if (!named && !isId(groupPart))
      throw new InvalidOptionError(
        'user',
        `unable to find group ${groupPart}: no matching entries in group file`,
      );
    gid = named ? named.gid : parseId(groupPart, 'gid', spec);
  }

  // Supplementary groups: those listing the user by name, as initgroups(3) would, when the
  // group was not forced on the command line (docker does the same).
  const additional =
    entry && groupPart === undefined
      ? groups.filter((g) => g.members.includes(entry.name) && g.gid !== gid).map((g) => g.gid)
      : [];
  const user: User = { uid, gid };
  if (additional.length > 0) user.additionalGids = [...new Set(additional)];
  return { user, home: entry?.home || '/' };
}
