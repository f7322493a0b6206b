import { parsePipeline } from './lex';
import type { TemplateNode } from './nodes';
import { TemplateError } from './template-error';

interface Action {
  body: string;
  position: number;
}

type Piece = { text: string } | Action;

/** Splits a template into text and `{{ }}` actions, applying `{{-` and `-}}` trimming. */
function split(template: string): Piece[] {
  const pieces: Piece[] = [];
  let pos = 0;
  let trimNext = false;
  while (pos <= template.length) {
    const open = template.indexOf('{{', pos);
    let text = template.slice(pos, open === -1 ? undefined : open);
    if (trimNext) text = text.trimStart();
    if (open === -1) {
      if (text) pieces.push({ text });
      break;
    }
    const close = template.indexOf('}}', open + 2);
    if (close === -1) throw new TemplateError(`${where(template, open)}: unclosed action`);
    let body = template.slice(open + 2, close);
    if (body.startsWith('- ')) {
      text = text.trimEnd();
      body = body.slice(1);
    }
    trimNext = body.endsWith(' -');
    if (trimNext) body = body.slice(0, -1);
    if (text) pieces.push({ text });
    if (!/^\s*\/\*[\s\S]*\*\/\s*$/.test(body)) pieces.push({ body, position: open });
    pos = close + 2;
  }
  return pieces;
}

/** Go's error locations: ":<line>:<column>" of the action. */
function where(template: string, offset: number): string {
  const before = template.slice(0, offset);
  const line = before.split('\n').length;
  return `:${line}:${offset - before.lastIndexOf('\n')}`;
}

/**
 * Parses the subset of Go's text/template that docker users write in `--format`: fields
 * (`{{.Names}}`), functions and pipes (`{{json .}}`, `{{.Names | upper}}`, `{{index .Labels "k"}}`),
 * `if`/`else`/`range`/`end`, comments and `{{-`/`-}}` trimming.
 */
export function parseTemplate(template: string): TemplateNode[] {
  const pieces = split(template);
  let index = 0;

  // Reads nodes until an {{else}} or {{end}}, which it returns (consumed) as the terminator.
  const readNodes = (inBlock: boolean): { nodes: TemplateNode[]; terminator?: 'else' | 'end' } => {
    const nodes: TemplateNode[] = [];
    while (index < pieces.length) {
      const piece = pieces[index++];
      if ('text' in piece) {
        nodes.push({ kind: 'text', text: piece.text });
        continue;
      }
      const at = where(template, piece.position);
      const body = piece.body.trim();
      const keyword = /^(if|range|else|end|with|define|template|block)\b/.exec(body)?.[1];
      if (keyword === 'end' || keyword === 'else') {
        if (!inBlock) throw new TemplateError(`${at}: unexpected {{${keyword}}}`);
        if (body !== keyword) throw new TemplateError(`${at}: unexpected "${body}"`);
        return { nodes, terminator: keyword };
      }
      if (keyword === 'if' || keyword === 'range') {
        const pipeline = parsePipeline(body.slice(keyword.length), at);
        const first = readNodes(true);
        let second: TemplateNode[] = [];
        if (first.terminator === 'else') {
          const rest = readNodes(true);
          if (rest.terminator !== 'end') throw new TemplateError(`${at}: unexpected EOF in ${keyword}`);
          second = rest.nodes;
        } else if (first.terminator !== 'end') {
          throw new TemplateError(`${at}: unexpected EOF in ${keyword}`);
        }
        nodes.push(
          keyword === 'if'
            ? {
                kind: 'if',
                pipeline,
                then: first.nodes,
                otherwise: second,
                position: piece.position,
                source: body,
              }
            : {
                kind: 'range',
                pipeline,
                body: first.nodes,
                otherwise: second,
                position: piece.position,
                source: body,
              },
        );
        continue;
      }
      if (keyword) throw new TemplateError(`${at}: {{${keyword}}} is not supported by berth's --format`);
      nodes.push({
        kind: 'action',
        pipeline: parsePipeline(body, at),
        position: piece.position,
        source: body,
      });
    }
    return { nodes };
  };

  const { nodes } = readNodes(false);
  return nodes;
}
