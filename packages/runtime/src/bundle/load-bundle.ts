import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { OciValidationError, parseSpec, type Spec } from '../oci';
import { InvalidConfigError } from '../errors';

export interface Bundle {
  /** Absolute bundle directory. */
  dir: string;
  spec: Spec;
  /** Absolute rootfs path (root.path resolved against the bundle). */
  rootfs: string;
}

/** Reads and validates <bundle>/config.json; every error names the file and the field. */
export function loadBundle(bundleDir: string): Bundle {
  const dir = path.resolve(bundleDir);
  const file = path.join(dir, 'config.json');
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new InvalidConfigError(
      `${file}: cannot read: ${(error as NodeJS.ErrnoException).code ?? String(error)}`,
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new InvalidConfigError(`${file}: invalid JSON: ${(error as Error).message}`);
  }
  let spec: Spec;
  try {
    spec = parseSpec(json);
  } catch (error) {
    if (error instanceof OciValidationError)
      throw new InvalidConfigError(`${file}: ${error.message}`, { cause: error });
    throw error;
  }
  if (!spec.root?.path) throw new InvalidConfigError(`${file}: root.path: required`);
  return { dir, spec, rootfs: path.resolve(dir, spec.root.path) };
}
