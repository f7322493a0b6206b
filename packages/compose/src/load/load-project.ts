// Loads a project: finds the files, reads `.env`, interpolates, normalises each file, merges
// them in order, names the project and applies profiles. Nothing here touches the engine.
import { existsSync } from 'node:fs';
import { basename, dirname, isAbsolute, relative, resolve } from 'node:path';
import { ComposeFileError } from '../errors';
import { checkModel } from '../model/check-project';
import { readComposeFile } from '../model/compose-file';
import { mergeModels } from '../model/merge';
import { Reader } from '../model/reader';
import { projectPathResolver } from '../model/service';
import type { ComposeProject, ServiceConfig } from '../model/types';
import { discoverComposeFile } from './discover';
import { readDotenv } from './dotenv';
import type { Lookup } from './interpolate';
import { checkProjectName, projectNameFromDirectory } from './project-name';
import { readSourceFile } from './source-file';

export interface LoadOptions {
  /** `-f` files in order; empty means discovery (or COMPOSE_FILE). */
  files?: string[];
  /** `-p`. */
  projectName?: string;
  /** `--project-directory`; defaults to the first file's directory. */
  projectDirectory?: string;
  /** `--env-file`; defaults to `<project directory>/.env` when it exists. */
  envFile?: string;
  /** `--profile` values (added to COMPOSE_PROFILES). */
  profiles?: string[];
  /** Services named on the command line: enabled whatever their profiles. */
  services?: string[];
  /** Where relative `-f` paths and discovery start. */
  cwd: string;
  env: NodeJS.ProcessEnv;
}

export function loadProject(options: LoadOptions): ComposeProject {
  const { cwd, env } = options;
  const given = options.files?.length ? options.files : env.COMPOSE_FILE ? env.COMPOSE_FILE.split(':') : [];
  const files = given.length ? given.map((file) => resolve(cwd, file)) : [discoverComposeFile(cwd)];
  const workingDir = resolve(cwd, options.projectDirectory ?? dirname(files[0]));
  const variables = readVariables(options, workingDir);
  const lookup: Lookup = (name) => env[name] ?? variables.get(name) ?? undefined;
  const shown = (file: string) =>
    isAbsolute(relative(cwd, file)) || relative(cwd, file).startsWith('..') ? file : relative(cwd, file);

  const partials = files.map((file) => {
    const source = readSourceFile(file, shown(file), lookup);
    return readComposeFile({
      reader: new Reader(source),
      resolve: projectPathResolver(workingDir, env.HOME),
      lookup,
    });
  });
  const merged = mergeModels(partials);
  const name = projectName(options, lookup, merged.name, workingDir);
  const model = { name, services: merged.services, networks: merged.networks, volumes: merged.volumes };
  checkModel(model, shown(files[0]));

  const profiles = new Set([
    ...(options.profiles ?? []),
    ...(lookup('COMPOSE_PROFILES') ?? '').split(',').filter(Boolean),
  ]);
  const named = new Set(options.services ?? []);
  const disabledServices: Record<string, ServiceConfig> = {};
  for (const [serviceName, service] of Object.entries(model.services)) {
    const enabled =
      !service.profiles?.length || named.has(serviceName) || service.profiles.some((p) => profiles.has(p));
    if (!enabled) {
      disabledServices[serviceName] = service;
      delete model.services[serviceName];
    }
  }
  for (const [serviceName, service] of Object.entries(model.services)) {
    for (const [dependency, condition] of Object.entries(service.depends_on ?? {})) {
      if (!disabledServices[dependency]) continue;
      if (condition.required) {
        throw new ComposeFileError(
          shown(files[0]),
          `services.${serviceName}.depends_on`,
          `service "${dependency}" is disabled by its profiles`,
        );
      }
      delete service.depends_on?.[dependency];
    }
  }
  return { model, workingDir, configFiles: files, disabledServices };
}

function readVariables(options: LoadOptions, workingDir: string): Map<string, string | undefined> {
  if (options.envFile) return readDotenv(resolve(options.cwd, options.envFile), options.envFile);
  const defaultFile = resolve(workingDir, '.env');
  return existsSync(defaultFile) ? readDotenv(defaultFile, '.env') : new Map();
}

function projectName(
  options: LoadOptions,
  lookup: Lookup,
  fromFile: string | undefined,
  workingDir: string,
): string {
  if (options.projectName) return checkProjectName(options.projectName, '-p');
  const fromEnv = lookup('COMPOSE_PROJECT_NAME');
  if (fromEnv) return checkProjectName(fromEnv, 'COMPOSE_PROJECT_NAME');
  if (fromFile) return checkProjectName(fromFile, 'the "name" key');
  return projectNameFromDirectory(basename(workingDir));
}
