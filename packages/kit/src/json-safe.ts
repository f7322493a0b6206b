/**
 * JSON.stringify that never throws on values daemons meet in practice: BigInt (from 64-bit
 * counters, or ts-proto code generated with forceLong=bigint) becomes a decimal string, and a
 * reference cycle becomes "[Circular]". bunyan and error metadata both go through it.
 */
export function safeJsonStringify(value: unknown, space?: number): string {
  const ancestors: object[] = [];
  return JSON.stringify(
    value,
    function (this: unknown, _key: string, current: unknown) {
      if (typeof current === 'bigint') return current.toString();
      if (current === null || typeof current !== 'object') return current;
      // `this` is the object holding `current`; drop ancestors that are no longer on the path.
      while (ancestors.length > 0 && ancestors[ancestors.length - 1] !== this) ancestors.pop();
      if (ancestors.includes(current)) return '[Circular]';
      ancestors.push(current);
      return current;
    },
    space,
  );
}
