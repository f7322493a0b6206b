// Splits a parsed Dockerfile into its global ARGs and build stages, checks stage names, and
// picks the stages a build of `target` needs (docker skips stages nothing depends on).

import { DockerfileError } from '../errors';
import type { Dockerfile } from '../dockerfile/parse';
import type { ArgInstruction, FromInstruction, Instruction } from '../dockerfile/instructions';

export interface Stage {
  index: number;
  /** Lower-cased `AS` name, if any. */
  name?: string;
  from: FromInstruction;
  instructions: Instruction[];
}

export interface StagePlan {
  file: string;
  globalArgs: ArgInstruction[];
  stages: Stage[];
}

export function splitStages(dockerfile: Dockerfile): StagePlan {
  const globalArgs: ArgInstruction[] = [];
  const stages: Stage[] = [];
  const names = new Map<string, number>();
  for (const instruction of dockerfile.instructions) {
    if (instruction.kind === 'FROM') {
      if (instruction.stageName !== undefined) {
        if (names.has(instruction.stageName)) {
          throw new DockerfileError(
            dockerfile.file,
            instruction.line,
            `duplicate stage name ${JSON.stringify(instruction.stageName)}`,
            'DOCKERFILE_INVALID',
          );
        }
        names.set(instruction.stageName, stages.length);
      }
      stages.push({ index: stages.length, name: instruction.stageName, from: instruction, instructions: [] });
    } else if (stages.length === 0) {
      globalArgs.push(instruction as ArgInstruction);
    } else {
      stages[stages.length - 1].instructions.push(instruction);
    }
  }
  return { file: dockerfile.file, globalArgs, stages };
}

/** The stage `name` (an `AS` name or an index) refers to, looking only at stages before `before`. */
export function findStage(plan: StagePlan, name: string, before = plan.stages.length): Stage | undefined {
  const lower = name.toLowerCase();
  const named = plan.stages.find((stage) => stage.name === lower && stage.index < before);
  if (named !== undefined) return named;
  if (/^\d+$/.test(name) && Number(name) < before) return plan.stages[Number(name)];
  return undefined;
}

/** The target stage: `--target` if given (which must exist), else the last one. */
export function targetStage(plan: StagePlan, target: string | undefined): Stage {
  if (target === undefined || target === '') return plan.stages[plan.stages.length - 1];
  const stage = plan.stages.find((candidate) => candidate.name === target.toLowerCase());
  if (stage === undefined) {
    throw new DockerfileError(
      plan.file,
      0,
      `target stage ${JSON.stringify(target)} could not be found`,
      'UNKNOWN_STAGE',
    );
  }
  return stage;
}
