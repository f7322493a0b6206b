import { OciValidationError } from '../errors';
import { runCheck } from './check';
import { absolutePath, anyString, integer, literal, oneOf } from './primitives';
import { arrayOf, object, optional, recordOf, required, setOf } from './structures';

interface Item {
  type: string;
  count?: number;
}

const item = object<Item>({
  type: required(oneOf(['a', 'b', 'c'], 'letter')),
  count: optional(integer({ min: 1 })),
});
const doc = object<{ version: 2; items: Item[]; paths?: string[]; labels?: Record<string, string> }>({
  version: required(literal(2)),
  items: required(arrayOf(item, { uniqueBy: { member: 'type', key: (i) => i.type, label: 'letter' } })),
  paths: optional(setOf(absolutePath, 'path')),
  labels: optional(recordOf(anyString, (key) => (key.startsWith('x') ? 'reserved key' : undefined))),
});

function issuesOf(value: unknown): string[] {
  try {
    runCheck(doc, value);
  } catch (error) {
    expect(error).toBeInstanceOf(OciValidationError);
    return (error as OciValidationError).issues.map((i) => `${i.path}: ${i.message}`);
  }
  throw new Error('expected validation to fail');
}

describe('validation toolkit', () => {
  it('returns a valid document, keeping unknown members and dropping null optionals', () => {
    const parsed = runCheck(doc, { version: 2, items: [{ type: 'a', count: null, extra: true }], more: 1 });
    expect(parsed).toEqual({ version: 2, items: [{ type: 'a', extra: true }], more: 1 });
  });

  it('collects every issue with its exact path', () => {
    expect(
      issuesOf({
        version: 1,
        items: [{ type: 'a' }, { type: 'z' }, { type: 'a', count: 0 }, { type: 'b' }, { type: 'b' }],
        paths: ['/x', 'rel', '/x'],
        labels: { 'x.key': 'v', 'ok.key': 3 },
      }),
    ).toEqual([
      'version: must be 2',
      'items[1].type: unknown letter "z"',
      'items[2].count: must be >= 1, got 0',
      'items[4].type: duplicate letter "b"',
      'paths[1]: must be an absolute path, got "rel"',
      'labels["x.key"]: reserved key',
      'labels["ok.key"]: must be a string, got number 3',
    ]);
  });

  it('reports missing members and wrong container types', () => {
    expect(issuesOf({})).toEqual(['version: missing', 'items: missing']);
    expect(issuesOf({ version: 2, items: {} })).toEqual(['items: must be an array, got an object']);
    expect(issuesOf([])).toEqual([': must be an object, got an array']);
  });

  it('reports duplicates in sets', () => {
    expect(issuesOf({ version: 2, items: [], paths: ['/a', '/a'] })).toEqual([
      'paths[1]: duplicate path "/a"',
    ]);
  });

  it('enforces a minimum number of entries', () => {
    const check = arrayOf(anyString, { minItems: 1 });
    expect(() => runCheck(check, [])).toThrow(': must have at least 1 entry');
  });
});
