import { accessSync, constants } from 'node:fs';
import * as path from 'node:path';
import { HelperMissingError } from '../errors';

/** Env override for the helper binary (tests of a freshly built helper, packaging). */
export const HELPER_ENV = 'BERTH_INIT_HELPER';

/**
 * Where berth-init lives: packages/runtime/build/berth-init, found from this file whether it
 * runs from src/ (tests), dist/ (tsc) or the esbuild bundle in dist/.
 */
export function helperPath(): string {
  const override = process.env[HELPER_ENV];
  if (override) return checked(override);
  const candidates = [
    path.join(__dirname, '..', 'build', 'berth-init'),
    path.join(__dirname, '..', '..', 'build', 'berth-init'),
  ];
  for (const candidate of candidates) {
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // try the next layout
    }
  }
  throw new HelperMissingError(candidates[candidates.length - 1]);
}

function checked(file: string): string {
  try {
    accessSync(file, constants.X_OK);
    return file;
  } catch {
    throw new HelperMissingError(file);
  }
}
