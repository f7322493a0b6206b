import { TEMPLATE_FUNCTIONS } from './functions';
import { goPrint, isTrue } from './go-print';
import type { Command, Operand, Pipeline, TemplateNode } from './nodes';
import { TemplateError } from './template-error';

/**
 * Runs a parsed template on `data`. Fields of an object are its properties; a property that is
 * a function is called as a Go method, with the action's arguments (`{{.Label "k"}}`).
 */
export function executeTemplate(nodes: readonly TemplateNode[], data: unknown): string {
  let out = '';
  for (const node of nodes) {
    if (node.kind === 'text') {
      out += node.text;
      continue;
    }
    const fail = (err: unknown): never => {
      throw new TemplateError(`executing at <${node.source}>: ${(err as Error).message}`);
    };
    if (node.kind === 'action') {
      let value: unknown;
      try {
        value = runPipeline(node.pipeline, data);
      } catch (err) {
        fail(err);
      }
      out += value === undefined ? '<no value>' : goPrint(value);
    } else if (node.kind === 'if') {
      let condition: unknown;
      try {
        condition = runPipeline(node.pipeline, data);
      } catch (err) {
        fail(err);
      }
      out += executeTemplate(isTrue(condition) ? node.then : node.otherwise, data);
    } else {
      let collection: unknown;
      try {
        collection = runPipeline(node.pipeline, data);
      } catch (err) {
        fail(err);
      }
      const items = rangeItems(collection);
      if (items.length === 0) out += executeTemplate(node.otherwise, data);
      for (const item of items) out += executeTemplate(node.body, item);
    }
  }
  return out;
}

/** What `range` walks: a slice's elements, or a map's values in key order (as Go does). */
function rangeItems(collection: unknown): unknown[] {
  if (collection === null || collection === undefined) return [];
  if (Array.isArray(collection)) return collection;
  if (typeof collection === 'object') {
    const map = collection as Record<string, unknown>;
    return Object.keys(map)
      .sort()
      .map((key) => map[key]);
  }
  throw new Error(`range can't iterate over ${goPrint(collection)}`);
}

function runPipeline(pipeline: Pipeline, dot: unknown): unknown {
  let previous: unknown[] = [];
  for (const command of pipeline) previous = [runCommand(command, dot, previous)];
  return previous[0];
}

function runCommand(command: Command, dot: unknown, piped: unknown[]): unknown {
  const [head, ...rest] = command;
  const args = () => [...rest.map((operand) => evaluate(operand, dot)), ...piped];
  if (head.kind === 'identifier') {
    const fn = TEMPLATE_FUNCTIONS[head.name];
    if (!fn) throw new Error(`function "${head.name}" not defined`);
    return fn(...args());
  }
  if (head.kind === 'field' && (rest.length > 0 || piped.length > 0))
    return resolveField(dot, head.path, args());
  if (rest.length > 0 || piped.length > 0)
    throw new Error(`can't give argument to non-function ${goPrint(evaluate(head, dot))}`);
  return evaluate(head, dot);
}

function evaluate(operand: Operand, dot: unknown): unknown {
  switch (operand.kind) {
    case 'field':
      return resolveField(dot, operand.path, []);
    case 'string':
    case 'number':
    case 'bool':
      return operand.value;
    case 'nil':
      return null;
    case 'identifier': {
      const fn = TEMPLATE_FUNCTIONS[operand.name];
      if (!fn) throw new Error(`function "${operand.name}" not defined`);
      return fn();
    }
    case 'pipeline':
      return runPipeline(operand.pipeline, dot);
  }
}

function resolveField(dot: unknown, path: readonly string[], args: unknown[]): unknown {
  let current = dot;
  path.forEach((name, position) => {
    if (current === null || current === undefined || typeof current !== 'object') {
      throw new Error(`can't evaluate field ${name} in ${goPrint(current)}`);
    }
    const holder = current as Record<string, unknown>;
    if (!(name in holder)) throw new Error(`can't evaluate field ${name}`);
    const value = holder[name];
    const isLast = position === path.length - 1;
    current =
      typeof value === 'function'
        ? (value as (...a: unknown[]) => unknown).apply(holder, isLast ? args : [])
        : value;
  });
  return current;
}
