import { execFileSync } from 'node:child_process';

/**
 * One line per path below `dir`, sorted: path, type, mode, owner, size, link target, link count
 * and mtime (directory mtimes optional), then every xattr and every regular file's sha256.
 * Two trees that list the same are the same for a container.
 */
export function listTree(
  dir: string,
  options: { directoryTimes?: boolean; linkCounts?: boolean } = {},
): string {
  const links = options.linkCounts === false ? '' : ' %n';
  const directoryFormat =
    options.directoryTimes === false ? `'%p %y %m %U:%G\\n'` : `'%p %y %m %U:%G %T@\\n'`;
  const find = `find . -mindepth 1 \\( -type d -printf ${directoryFormat} \\) -o -printf '%p %y %m %U:%G %s %l${links} %T@\\n'`;
  const xattrs = `getfattr -R -h -d -m - -e hex . 2>/dev/null | grep -v '^$' | awk '/^# file:/ {file=$0; next} {print file, $0}' | sort`;
  const hashes = `find . -type f -exec sha256sum {} + | sort`;
  const out = execFileSync('sh', ['-c', `cd "${dir}" && ${find} | sort && ${xattrs}; ${hashes}`], {
    maxBuffer: 1 << 28,
  });
  return out.toString();
}
