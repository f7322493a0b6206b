import { GoTemplate } from './template';
import { alignColumns } from './table';

/** What `--format` can be: "table" / empty (the default table), "json", "table <tmpl>", "<tmpl>". */
export interface RenderOptions {
  /** The user's --format, if any. */
  format: string | undefined;
  /** The command's default, a "table ..." template. */
  defaultFormat: string;
  /** Column headers by field name ("ID" → "CONTAINER ID"); other fields head as their name in capitals. */
  headers: Readonly<Record<string, string>>;
}

// Shells hand `\t` over literally inside single quotes; docker turns it into a tab.
const unescape = (format: string): string => format.replace(/\\t/g, '\t').replace(/\\n/g, '\n');

/** The header row's data: any field reads as its column title. */
function headerRow(headers: Readonly<Record<string, string>>): object {
  return new Proxy(
    {},
    {
      has: () => true,
      get: (_target, name) =>
        typeof name === 'string'
          ? (headers[name] ?? name.replace(/([a-z])([A-Z])/g, '$1 $2').toUpperCase())
          : undefined,
    },
  );
}

/**
 * Renders rows (objects whose properties are docker's field names) as docker's list commands
 * do. `json` prints one JSON object per line: each row's own enumerable fields.
 */
export function renderRows(rows: readonly object[], options: RenderOptions): string {
  let format = options.format?.trim() ? options.format : options.defaultFormat;
  if (format === 'table') format = options.defaultFormat;
  if (format === 'json') return rows.map((row) => `${JSON.stringify(row)}\n`).join('');
  format = unescape(format);
  if (format.startsWith('table')) {
    const template = new GoTemplate(format.slice('table'.length).trimStart());
    const lines = [template.execute(headerRow(options.headers)), ...rows.map((row) => template.execute(row))];
    return alignColumns(lines.flatMap((line) => line.split('\n')))
      .map((line) => `${line}\n`)
      .join('')
      .replace(/\n\n$/, '\n');
  }
  const template = new GoTemplate(format);
  return rows.map((row) => `${template.execute(row)}\n`).join('');
}

/** `inspect --format`: one template (or "json") executed on each whole document. */
export function renderDocuments(documents: readonly unknown[], format: string | undefined): string {
  if (!format?.trim()) return `${JSON.stringify(documents, null, 4)}\n`;
  if (format === 'json') return documents.map((doc) => `${JSON.stringify(doc)}\n`).join('');
  const template = new GoTemplate(unescape(format));
  return documents.map((doc) => `${template.execute(doc)}\n`).join('');
}
