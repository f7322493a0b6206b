// RUN: the process a step runs (shell or exec form, heredoc scripts), its environment (ENV plus
// the declared build args), user, working directory and network, run by the backend in a
// container on the step's snapshot. A non-zero exit fails the build naming step, command, code.

import { randomUUID } from 'node:crypto';
import { chmod, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ContainerConfig } from '@berth/oci';
import { BuildStepError } from '../../errors';
import type { RunInstruction } from '../../dockerfile/instructions';
import { DEFAULT_SHELL } from '../../plan/config-update';
import { envLookup, type Variables } from '../../plan/variables';
import { DEFAULT_PATH } from '../../plan/config-update';
import { mkdirAllInRoot } from '../../files/root-writes';
import { resolveProcessUser } from '../../files/users';
import type { BuildContext } from '../build-context';
import type { FsStep } from './fs-step';

interface RunCommand {
  args: string[];
  /** A heredoc script written into the rootfs for the run and removed afterwards. */
  script?: { path: string; content: string };
}

function runCommand(instruction: RunInstruction, shell: string[]): RunCommand {
  const { command, heredocs } = instruction;
  if (command.form === 'exec') return { args: command.args };
  const onlyHeredoc = heredocs.length === 1 && /^\d*<<-?\S+$/.test(command.command.trim());
  if (onlyHeredoc) {
    const content = heredocs[0].content;
    if (content.startsWith('#!')) {
      const path = `/.berth-run-${randomUUID()}`;
      return { args: [path], script: { path, content } };
    }
    return { args: [...shell, content] };
  }
  // The shell reads the heredocs itself from the full text, as it would in a script.
  const bodies = heredocs.map((heredoc) => `${heredoc.content}${heredoc.name}\n`).join('');
  return { args: [...shell, heredocs.length === 0 ? command.command : `${command.command}\n${bodies}`] };
}

/** `RUN /bin/sh -c make` or `RUN ["make"]`, as history shows it. */
export function runCreatedBy(instruction: RunInstruction, config: ContainerConfig): string {
  const { command } = instruction;
  if (command.form === 'exec') return `RUN ${JSON.stringify(command.args)}`;
  return `RUN ${[...(config.Shell ?? DEFAULT_SHELL), command.command].join(' ')}`;
}

export function runStep(
  ctx: BuildContext,
  instruction: RunInstruction,
  config: ContainerConfig,
  vars: Variables,
  labels: { stage: string; step: string },
): FsStep {
  const command = runCommand(instruction, config.Shell ?? DEFAULT_SHELL);
  let env = vars.runEnvironment();
  if (envLookup(env, 'PATH') === undefined) env = [DEFAULT_PATH, ...env];
  const network = instruction.network ?? ctx.request.network ?? 'default';
  const cwd = config.WorkingDir || '/';
  const createdBy = runCreatedBy(instruction, config);
  return {
    ...labels,
    createdBy,
    keyParts: {
      kind: 'RUN',
      args: command.args,
      script: command.script?.content,
      env,
      cwd,
      user: config.User ?? '',
      network,
      platform: ctx.host,
    },
    async apply(rootfs) {
      const user = await resolveProcessUser(rootfs, config.User);
      await mkdirAllInRoot(rootfs, cwd);
      const scriptHost = command.script === undefined ? undefined : join(rootfs, command.script.path);
      if (scriptHost !== undefined && command.script !== undefined) {
        await writeFile(scriptHost, command.script.content);
        await chmod(scriptHost, 0o755);
      }
      try {
        const exitCode = await ctx.backend.run({
          id: `${labels.stage}-${randomUUID().slice(0, 8)}`,
          rootfs,
          args: command.args,
          env,
          cwd,
          uid: user.uid,
          gid: user.gid,
          additionalGids: user.additionalGids,
          network,
          signal: ctx.signal,
          output: (stream, data) => ctx.emit({ type: 'output', step: labels.step, stream, data }),
        });
        if (exitCode !== 0) {
          const shown =
            instruction.command.form === 'exec'
              ? JSON.stringify(instruction.command.args)
              : createdBy.slice(4);
          throw new BuildStepError(`${labels.step} ${instruction.original}`.slice(0, 200), shown, exitCode);
        }
      } finally {
        if (scriptHost !== undefined) await rm(scriptHost, { force: true });
      }
    },
  };
}
