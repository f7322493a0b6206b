// parseDockerfile: text in, directives and typed instructions out; every error names the file,
// the line and the instruction (`Dockerfile:7: COPY requires at least two arguments`).

import { DockerfileError } from '../errors';
import type { Directives } from './directives';
import type { Instruction } from './instructions';
import { splitDockerfile } from './lines';
import { InstructionError, parseInstruction } from './parse-instruction';

export interface Dockerfile {
  file: string;
  directives: Directives;
  instructions: Instruction[];
}

export function parseDockerfile(text: string, file = 'Dockerfile'): Dockerfile {
  const { directives, instructions: raws } = splitDockerfile(text, file);
  const instructions = raws.map((raw) => {
    try {
      return parseInstruction(raw, directives.escape);
    } catch (error) {
      if (error instanceof InstructionError) throw new DockerfileError(file, raw.line, error.message);
      throw error;
    }
  });
  const firstReal = instructions.find((instruction) => instruction.kind !== 'ARG');
  if (firstReal === undefined) throw new DockerfileError(file, 0, 'file with no instructions');
  if (firstReal.kind !== 'FROM') {
    throw new DockerfileError(
      file,
      firstReal.line,
      `${firstReal.kind}: no build stage in current context (missing FROM)`,
    );
  }
  return { file, directives, instructions };
}
