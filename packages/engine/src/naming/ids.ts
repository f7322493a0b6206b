// Container ids: 64 lowercase hex characters like docker's, never all digits (so a short id
// cannot be mistaken for a number), shown as their first 12 characters.
import { randomBytes } from 'node:crypto';

export const ID_PATTERN = /^[0-9a-f]{64}$/;

export function newId(random: (size: number) => Buffer = randomBytes): string {
  for (;;) {
    const id = random(32).toString('hex');
    if (!/^\d+$/.test(id.slice(0, 12))) return id;
  }
}

export function shortId(id: string): string {
  return id.slice(0, 12);
}
