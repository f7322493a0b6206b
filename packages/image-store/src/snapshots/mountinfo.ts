import { readFile } from 'node:fs/promises';

/** Mount points at or below `dir`, from /proc/self/mountinfo (field 5, octal escapes decoded). */
export async function mountPointsUnder(
  dir: string,
  mountinfoPath = '/proc/self/mountinfo',
): Promise<string[]> {
  const text = await readFile(mountinfoPath, 'utf8');
  const prefix = dir.endsWith('/') ? dir : `${dir}/`;
  const result: string[] = [];
  for (const line of text.split('\n')) {
    const mountPoint = line.split(' ')[4];
    if (mountPoint === undefined) continue;
    const decoded = mountPoint.replace(/\\([0-7]{3})/g, (_, octal: string) =>
      String.fromCharCode(Number.parseInt(octal, 8)),
    );
    if (decoded === dir || decoded.startsWith(prefix)) result.push(decoded);
  }
  return result;
}
