// The engine's errors: kit's classes (so gRPC maps them to the right status) with a stable
// `reason` each, and messages in the words docker users know.
import {
  AlreadyExistsError,
  FailedPreconditionError,
  InvalidArgumentError,
  NotFoundError,
  type BerthErrorOptions,
} from '@berth/kit';

/** A create option, flag value or request field is malformed; the message names it. */
export class InvalidOptionError extends InvalidArgumentError {
  constructor(field: string, problem: string, options: BerthErrorOptions = {}) {
    super(`invalid ${field}: ${problem}`, { reason: 'INVALID_OPTION', ...options, details: { field } });
  }
}

/** No container has this id, id prefix or name. */
export class ContainerNotFoundError extends NotFoundError {
  constructor(ref: string) {
    super(`no such container: ${ref}`, { reason: 'CONTAINER_NOT_FOUND', details: { ref } });
  }
}

/** An id prefix matches more than one container. */
export class AmbiguousContainerError extends InvalidArgumentError {
  constructor(ref: string) {
    super(`multiple containers match "${ref}": use more characters or the name`, {
      reason: 'CONTAINER_AMBIGUOUS',
      details: { ref },
    });
  }
}

/** The container name is taken. */
export class NameInUseError extends AlreadyExistsError {
  constructor(name: string, holder: string) {
    super(
      `the container name "/${name}" is already in use by container "${holder}": remove or rename that container`,
      { reason: 'NAME_IN_USE', details: { name, holder } },
    );
  }
}

/** The container's state forbids the operation (start while paused, remove while running...). */
export class InvalidStateError extends FailedPreconditionError {
  constructor(id: string, message: string) {
    super(message, { reason: 'CONTAINER_STATE_INVALID', details: { id } });
  }
}

/** No volume has this name. */
export class VolumeNotFoundError extends NotFoundError {
  constructor(name: string) {
    super(`no such volume: ${name}`, { reason: 'VOLUME_NOT_FOUND', details: { name } });
  }
}

/** A container uses the volume, so it cannot be removed. */
export class VolumeInUseError extends FailedPreconditionError {
  constructor(name: string, users: string[]) {
    super(`volume is in use: ${name} (used by ${users.map((id) => id.slice(0, 12)).join(', ')})`, {
      reason: 'VOLUME_IN_USE',
      details: { name, users },
    });
  }
}
