// Finds the compose file when no -f is given: the first of the canonical names in the working
// directory or, failing that, in the nearest parent that has one (as docker compose does).
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { ComposeError } from '../errors';

export const CANONICAL_FILE_NAMES = [
  'compose.yaml',
  'compose.yml',
  'docker-compose.yaml',
  'docker-compose.yml',
];

export function discoverComposeFile(startDir: string): string {
  for (let dir = startDir; ; dir = dirname(dir)) {
    const found = CANONICAL_FILE_NAMES.map((name) => join(dir, name)).find((path) => existsSync(path));
    if (found) return found;
    if (dirname(dir) === dir) break;
  }
  throw new NoComposeFileError(startDir);
}

/** Discovery found no file (as opposed to a named `-f` file that is missing). */
export class NoComposeFileError extends ComposeError {
  constructor(readonly startDir: string) {
    super(
      'ComposeFileNotFound',
      `no configuration file provided: none of ${CANONICAL_FILE_NAMES.join(', ')} in ${startDir} or its parents`,
    );
  }
}
