import { createHash } from 'node:crypto';

import { chainIds } from './chain-id';

const a = `sha256:${'a'.repeat(64)}`;
const b = `sha256:${'b'.repeat(64)}`;
const c = `sha256:${'c'.repeat(64)}`;

describe('chainIds', () => {
  it('follows image-spec: the first is the diffID, then sha256("<parent> <diffID>")', () => {
    const second = `sha256:${createHash('sha256').update(`${a} ${b}`).digest('hex')}`;
    const third = `sha256:${createHash('sha256').update(`${second} ${c}`).digest('hex')}`;
    expect(chainIds([a, b, c])).toEqual([a, second, third]);
    expect(chainIds([])).toEqual([]);
  });
});
