/** Collects validation problems with the JSON path they were found at, so a parser reports all of them at once. */
export interface ValidationIssue {
  /** Field path like `linux.namespaces[2].type`; '' is the document itself. */
  readonly path: string;
  readonly message: string;
}

export class IssueList {
  private readonly found: ValidationIssue[] = [];

  add(path: string, message: string): void {
    this.found.push({ path, message });
  }

  get items(): readonly ValidationIssue[] {
    return this.found;
  }

  get isEmpty(): boolean {
    return this.found.length === 0;
  }
}

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** Path of an object member: `a.b` for identifier-like keys, `a["org.example.key"]` for the rest. */
export function memberPath(parent: string, key: string): string {
  if (!IDENTIFIER.test(key)) return `${parent}[${JSON.stringify(key)}]`;
  return parent === '' ? key : `${parent}.${key}`;
}

export function itemPath(parent: string, index: number): string {
  return `${parent}[${index}]`;
}
