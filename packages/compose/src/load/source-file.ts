// One compose file read from disk: parsed YAML (keeping node positions so errors can name the
// line), interpolated from the variables, as plain data plus a line lookup.
import { readFileSync } from 'node:fs';
import { LineCounter, parseDocument, type Document } from 'yaml';
import { ComposeFileError } from '../errors';
import { InterpolationProblem, interpolate, type Lookup } from './interpolate';
import { formatKeyPath, type KeyPath } from './key-path';

export interface SourceFile {
  /** The name errors show: the path as given on the command line or found by discovery. */
  shownAs: string;
  /** The file's top-level mapping after interpolation. */
  data: Record<string, unknown>;
  /** The 1-based line of the node at `path`, when the file has one there. */
  lineOf(path: KeyPath): number | undefined;
}

export function readSourceFile(path: string, shownAs: string, lookup: Lookup): SourceFile {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new ComposeFileError(
      shownAs,
      '',
      `cannot read: ${(err as Error).message}`,
      undefined,
      'ComposeFileNotFound',
    );
  }
  return parseSourceText(text, shownAs, lookup);
}

export function parseSourceText(text: string, shownAs: string, lookup: Lookup): SourceFile {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, uniqueKeys: true, merge: true, prettyErrors: false });
  const lineAt = (offset: number) => lines.linePos(offset).line;
  if (doc.errors.length > 0) {
    const first = doc.errors[0];
    throw new ComposeFileError(
      shownAs,
      '',
      `invalid YAML: ${first.message.split('\n')[0]}`,
      lineAt(first.pos[0]),
    );
  }
  const lineOf = (path: KeyPath) => nodeLine(doc, path, lineAt);
  const raw: unknown = doc.toJS({ maxAliasCount: 1000 }) ?? {};
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new ComposeFileError(shownAs, '', 'the top level must be a mapping');
  }
  const data = interpolateTree(
    raw,
    [],
    (problem, path) => {
      const code = problem.missingVariable ? 'MissingVariable' : 'InvalidInterpolation';
      return new ComposeFileError(shownAs, formatKeyPath(path), problem.message, lineOf(path), code);
    },
    lookup,
  ) as Record<string, unknown>;
  return { shownAs, data, lineOf };
}

function nodeLine(doc: Document, path: KeyPath, lineAt: (offset: number) => number): number | undefined {
  // Walk up until a node exists: a key path into a scalar string has no node of its own.
  for (let length = path.length; length >= 0; length--) {
    const node = doc.getIn(path.slice(0, length), true) as { range?: [number, number, number] } | undefined;
    if (node?.range) return lineAt(node.range[0]);
  }
  return undefined;
}

function interpolateTree(
  value: unknown,
  path: (string | number)[],
  fail: (problem: InterpolationProblem, path: KeyPath) => Error,
  lookup: Lookup,
): unknown {
  if (typeof value === 'string') {
    try {
      return interpolate(value, lookup);
    } catch (err) {
      if (err instanceof InterpolationProblem) throw fail(err, path);
      throw err;
    }
  }
  if (Array.isArray(value)) return value.map((item, i) => interpolateTree(item, [...path, i], fail, lookup));
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value))
      out[key] = interpolateTree(item, [...path, key], fail, lookup);
    return out;
  }
  return value;
}
