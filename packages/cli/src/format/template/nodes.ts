/** The parsed form of a Go-template subset: text, actions, if/range blocks. */

export type Operand =
  | { kind: 'field'; path: string[] } // `.` is path []
  | { kind: 'string'; value: string }
  | { kind: 'number'; value: number }
  | { kind: 'bool'; value: boolean }
  | { kind: 'nil' }
  | { kind: 'identifier'; name: string } // a function name
  | { kind: 'pipeline'; pipeline: Pipeline }; // parenthesised

/** One command of a pipeline: a function with arguments, or a single operand. */
export type Command = Operand[];

/** Commands separated by `|`: each one's result becomes the last argument of the next. */
export type Pipeline = Command[];

export type TemplateNode =
  | { kind: 'text'; text: string }
  | { kind: 'action'; pipeline: Pipeline; position: number; source: string }
  | {
      kind: 'if';
      pipeline: Pipeline;
      then: TemplateNode[];
      otherwise: TemplateNode[];
      position: number;
      source: string;
    }
  | {
      kind: 'range';
      pipeline: Pipeline;
      body: TemplateNode[];
      otherwise: TemplateNode[];
      position: number;
      source: string;
    };
