// The network manager's errors. Each extends the kit class for its gRPC status (so the daemon
// answers with the right code) and carries a stable `reason` for programs; the message names
// what was wrong for people.
import {
  AlreadyExistsError,
  FailedPreconditionError,
  InternalError,
  InvalidArgumentError,
  NotFoundError,
  ResourceExhaustedError,
  type BerthErrorOptions,
} from '@berth/kit';

export { FailedPreconditionError, InvalidArgumentError };

export class NetworkNotFoundError extends NotFoundError {
  constructor(readonly network: string) {
    super(`network ${JSON.stringify(network)} not found`, {
      reason: 'NETWORK_NOT_FOUND',
      details: { network },
    });
  }
}

export class NetworkExistsError extends AlreadyExistsError {
  constructor(readonly network: string) {
    super(`network ${JSON.stringify(network)} already exists`, {
      reason: 'NETWORK_EXISTS',
      details: { network },
    });
  }
}

export class NetworkInUseError extends FailedPreconditionError {
  constructor(
    readonly network: string,
    readonly containers: string[],
  ) {
    super(`network ${JSON.stringify(network)} is in use by ${containers.join(', ')}; detach them or force`, {
      reason: 'NETWORK_IN_USE',
      details: { network, containers },
    });
  }
}

export class SubnetOverlapError extends AlreadyExistsError {
  constructor(message: string, options?: BerthErrorOptions) {
    super(message, { reason: 'SUBNET_OVERLAP', ...options });
  }
}

export class PoolExhaustedError extends ResourceExhaustedError {
  constructor(message: string, options?: BerthErrorOptions) {
    super(message, { reason: 'POOL_EXHAUSTED', ...options });
  }
}

export class AddressUnavailableError extends AlreadyExistsError {
  constructor(message: string, options?: BerthErrorOptions) {
    super(message, { reason: 'ADDRESS_IN_USE', ...options });
  }
}

export class PortInUseError extends AlreadyExistsError {
  constructor(message: string, options?: BerthErrorOptions) {
    super(message, { reason: 'PORT_IN_USE', ...options });
  }
}

export class NetnsNotFoundError extends NotFoundError {
  constructor(message: string, options?: BerthErrorOptions) {
    super(message, { reason: 'NETNS_NOT_FOUND', ...options });
  }
}

export class AttachmentExistsError extends AlreadyExistsError {
  constructor(message: string, options?: BerthErrorOptions) {
    super(message, { reason: 'ALREADY_ATTACHED', ...options });
  }
}

export class AttachmentNotFoundError extends NotFoundError {
  constructor(message: string, options?: BerthErrorOptions) {
    super(message, { reason: 'NOT_ATTACHED', ...options });
  }
}

/** A host program (ip, nft, a CNI plugin) failed; the message carries its stderr. */
export class CommandFailedError extends InternalError {
  constructor(
    readonly command: string,
    readonly exitCode: number | null,
    readonly stderr: string,
  ) {
    // null: no exit status to report (the program could not start, died of a signal, or is a
    // long-lived one whose request failed).
    const status = exitCode === null ? '' : ` (exit ${exitCode})`;
    super(`${command} failed${status}: ${stderr.trim() || 'no output'}`, {
      reason: 'COMMAND_FAILED',
      details: { command, exit_code: exitCode },
    });
  }
}

export class CniError extends InternalError {
  constructor(message: string, options?: BerthErrorOptions) {
    super(message, { reason: 'CNI_FAILED', ...options });
  }
}
