import { executeTemplate } from './execute';
import type { TemplateNode } from './nodes';
import { parseTemplate } from './parse';

export { TemplateError } from './template-error';

/** A parsed `--format` template, executed once per row. */
export class GoTemplate {
  private readonly nodes: TemplateNode[];

  constructor(readonly source: string) {
    this.nodes = parseTemplate(source);
  }

  execute(data: unknown): string {
    return executeTemplate(this.nodes, data);
  }
}
