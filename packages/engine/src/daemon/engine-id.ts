// The engine's id (`berth info` ID): made once, kept under the root so it survives restarts.
import { randomUUID } from 'node:crypto';
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '@berth/kit';

export async function loadEngineId(root: string): Promise<string> {
  const path = join(root, 'engine-id');
  try {
    const id = (await readFile(path, 'utf8')).trim();
    if (id !== '') return id;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  await mkdir(root, { recursive: true, mode: 0o711 });
  const id = randomUUID();
  await writeFileAtomic(path, `${id}\n`);
  return id;
}
