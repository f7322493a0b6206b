// docker renders tables with Go's text/tabwriter(minwidth 10, tabwidth 1, padding 3, ' '):
// every tab-terminated cell is padded to its column's widest cell plus 3, at least 10; the
// text after a line's last tab is not a cell and is written as is.
const MIN_WIDTH = 10;
const PADDING = 3;

/** Display width: code points, ignoring ANSI colour sequences. */
export function displayWidth(text: string): number {
  // eslint-disable-next-line no-control-regex
  return [...text.replace(/\x1b\[[0-9;]*m/g, '')].length;
}

/** Aligns tab-separated lines into columns, as docker's table output does (`top` uses minWidth 20). */
export function alignColumns(lines: readonly string[], minWidth = MIN_WIDTH): string[] {
  const rows = lines.map((line) => line.split('\t'));
  const widths: number[] = [];
  for (const cells of rows) {
    cells.slice(0, -1).forEach((cell, column) => {
      widths[column] = Math.max(widths[column] ?? 0, displayWidth(cell) + PADDING, minWidth);
    });
  }
  return rows.map((cells) =>
    cells
      .map((cell, column) =>
        column === cells.length - 1 ? cell : cell + ' '.repeat(widths[column] - displayWidth(cell)),
      )
      .join(''),
  );
}
