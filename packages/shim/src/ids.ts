import { InvalidRequestError } from './errors';

// Ids become file names (state, console sockets) and runtime container ids, so they are kept to
// runc's safe alphabet; 64 characters leave room under the 107-byte socket path limit.
const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;

/** Checks a container or exec id from a request; `field` names it in the error. */
export function checkId(value: string, field: string): string {
  if (!value) throw new InvalidRequestError(field, 'must not be empty');
  if (!ID_PATTERN.test(value))
    throw new InvalidRequestError(
      field,
      `"${value}" must be 1-64 characters of [A-Za-z0-9_.-], starting with a letter or digit`,
    );
  return value;
}
