import { OciValidationError } from '../errors';
import { IssueList } from './issues';

/**
 * A check reads an untrusted JSON value at `path` and returns it typed (possibly normalised),
 * or undefined after recording why it is not acceptable. JSON never holds `undefined`, so the
 * two outcomes cannot be confused.
 */
export type Check<T> = (value: unknown, path: string, issues: IssueList) => T | undefined;

/** Runs a document check and throws one OciValidationError listing every issue found. */
export function runCheck<T>(check: Check<T>, value: unknown): T {
  const issues = new IssueList();
  const result = check(value, '', issues);
  if (!issues.isEmpty || result === undefined) throw new OciValidationError(issues.items);
  return result;
}

/** Adds a further rule to a check; the rule runs only on values that passed the check. */
export function refine<T>(
  check: Check<T>,
  rule: (value: T, path: string, issues: IssueList) => void,
): Check<T> {
  return (value, path, issues) => {
    const result = check(value, path, issues);
    if (result !== undefined) rule(result, path, issues);
    return result;
  };
}

/** A check that accepts the value when `test` returns undefined and records its message otherwise. */
export function rule<T>(check: Check<T>, test: (value: T) => string | undefined): Check<T> {
  return (value, path, issues) => {
    const result = check(value, path, issues);
    if (result === undefined) return undefined;
    const problem = test(result);
    if (problem === undefined) return result;
    issues.add(path, problem);
    return undefined;
  };
}
