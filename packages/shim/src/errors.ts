// The shim's own errors. Each is a kit BerthError subclass, so the server maps it to its gRPC
// status (NotFound, AlreadyExists, FailedPrecondition, InvalidArgument) and clients rebuild it
// with the same reason.
import { AlreadyExistsError, FailedPreconditionError, InvalidArgumentError, NotFoundError } from '@berth/kit';

export class TaskNotFoundError extends NotFoundError {
  constructor(readonly id: string) {
    super(`task ${id} not found`, { reason: 'TASK_NOT_FOUND', details: { id } });
  }
}

export class ExecNotFoundError extends NotFoundError {
  constructor(
    readonly id: string,
    readonly execId: string,
  ) {
    super(`exec ${execId} not found in task ${id}`, { reason: 'EXEC_NOT_FOUND', details: { id, execId } });
  }
}

export class TaskExistsError extends AlreadyExistsError {
  constructor(readonly id: string) {
    super(`task ${id} already exists`, { reason: 'TASK_EXISTS', details: { id } });
  }
}

export class ExecExistsError extends AlreadyExistsError {
  constructor(
    readonly id: string,
    readonly execId: string,
  ) {
    super(`exec ${execId} already exists in task ${id}`, { reason: 'EXEC_EXISTS', details: { id, execId } });
  }
}

/** The process's state does not allow the operation (start twice, pause a stopped task, ...). */
export class InvalidTransitionError extends FailedPreconditionError {
  constructor(what: string, operation: string, state: string) {
    super(`cannot ${operation} ${what}: it is ${state}`, {
      reason: 'INVALID_STATE',
      details: { operation, state },
    });
  }
}

/** A request field is missing or malformed; the message names the field. */
export class InvalidRequestError extends InvalidArgumentError {
  constructor(field: string, problem: string) {
    super(`${field}: ${problem}`, { reason: 'INVALID_REQUEST', details: { field } });
  }
}
