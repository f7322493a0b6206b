/**
 * Adds docker's `{{.Label "key"}}` method to a row: non-enumerable, so `{{json .}}` and
 * `--format json` print only the fields.
 */
export function withLabelMethod<T extends object>(row: T, labels: Readonly<Record<string, string>>): T {
  Object.defineProperty(row, 'Label', { value: (key: string) => labels[key] ?? '', enumerable: false });
  return row;
}

/** Labels as docker prints them in a column: "k=v,k2=v2", sorted by key. */
export function labelsText(labels: Readonly<Record<string, string>>): string {
  return Object.keys(labels)
    .sort()
    .map((key) => `${key}=${labels[key]}`)
    .join(',');
}
