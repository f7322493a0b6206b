import { digestProblem, invalidDigestMessage } from '../digest/digest';
import type { Check } from './check';
import { anyString } from './primitives';

/** A supported digest string; the issue reads `invalid digest "sha256:xyz": <why>`. */
export const digestString: Check<string> = (value, path, issues) => {
  const text = anyString(value, path, issues);
  if (text === undefined) return undefined;
  const problem = digestProblem(text);
  if (problem === undefined) return text;
  issues.add(path, invalidDigestMessage(text, problem));
  return undefined;
};
