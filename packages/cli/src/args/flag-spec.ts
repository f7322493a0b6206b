/** How a flag takes its value: a switch, one string (the last one wins), or a repeatable string. */
export type FlagKind = 'boolean' | 'string' | 'list';

/** One flag of a command, named as docker names it. */
export interface FlagSpec {
  /** Long name without dashes: "publish". */
  name: string;
  /** One-letter short name: "p". */
  short?: string;
  kind: FlagKind;
  /** One line of help. */
  description: string;
  /** Placeholder in help ("list", "string", "bytes"); defaults from the kind. */
  valueName?: string;
  /** Shown in help as the default; the parser does not apply it. */
  defaultText?: string;
}

/** Shorthands for flag tables, which are long and read best one flag per line. */
export const bool = (name: string, description: string, short?: string): FlagSpec => ({
  name,
  short,
  kind: 'boolean',
  description,
});
export const str = (name: string, description: string, short?: string, valueName?: string): FlagSpec => ({
  name,
  short,
  kind: 'string',
  description,
  valueName,
});
export const list = (name: string, description: string, short?: string, valueName = 'list'): FlagSpec => ({
  name,
  short,
  kind: 'list',
  description,
  valueName,
});
