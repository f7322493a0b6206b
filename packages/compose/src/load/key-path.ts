// Key paths as errors print them: `services.web.ports[0]`.

export type KeyPath = readonly (string | number)[];

export function formatKeyPath(path: KeyPath): string {
  return path
    .map((part, i) => (typeof part === 'number' ? `[${part}]` : i === 0 ? part : `.${part}`))
    .join('');
}
