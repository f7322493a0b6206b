// Project names: lowercase letters, digits, `_` and `-`, starting with a letter or digit.
import { ComposeError } from '../errors';

const VALID = /^[a-z0-9][a-z0-9_-]*$/;

/** An explicit name (-p, COMPOSE_PROJECT_NAME, `name:`) must already be valid. */
export function checkProjectName(name: string, from: string): string {
  if (!VALID.test(name)) {
    throw new ComposeError(
      'InvalidProjectName',
      `invalid project name "${name}" (from ${from}): use lowercase letters, digits, "_" and "-", starting with a letter or digit`,
    );
  }
  return name;
}

/** A directory's name becomes a project name by lowercasing it and dropping other characters. */
export function projectNameFromDirectory(dirName: string): string {
  const name = dirName
    .toLowerCase()
    .replace(/[^a-z0-9_-]/g, '')
    .replace(/^[_-]+/, '');
  if (!name)
    throw new ComposeError(
      'InvalidProjectName',
      `cannot derive a project name from directory "${dirName}": use -p`,
    );
  return name;
}
