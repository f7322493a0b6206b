// Shorthand for flag declarations shared by the commands.
import type { FlagSpec } from '../cli/flags';

export function flag(name: string, kind: FlagSpec['kind'], description: string, short?: string): FlagSpec {
  return short ? { name, kind, description, short } : { name, kind, description };
}
