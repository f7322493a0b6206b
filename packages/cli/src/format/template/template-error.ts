import { InvalidArgumentError } from '../../errors';

/** A `--format` template that does not parse or fails on the data, worded as Go's errors are. */
export class TemplateError extends InvalidArgumentError {
  constructor(message: string) {
    super(`template: ${message}`);
  }
}
