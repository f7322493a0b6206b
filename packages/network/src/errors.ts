// Every failure this package reports is a NetworkError with a stable `code` (for callers and logs)
// and a `status` naming the gRPC status the daemon answers with, so the mapping lives in one place.

export type ErrorStatus =
  | 'InvalidArgument'
  | 'NotFound'
  | 'AlreadyExists'
  | 'FailedPrecondition'
  | 'ResourceExhausted'
  | 'Unavailable'
  | 'Internal';

export abstract class NetworkError extends Error {
  abstract readonly code: string;
  abstract readonly status: ErrorStatus;

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** Bad input from a caller: a malformed CIDR, port spec, name or option. */
export class InvalidArgumentError extends NetworkError {
  readonly code = 'ERR_NETWORK_INVALID_ARGUMENT';
  readonly status = 'InvalidArgument';
}

export class NetworkNotFoundError extends NetworkError {
  readonly code = 'ERR_NETWORK_NOT_FOUND';
  readonly status = 'NotFound';
  constructor(readonly network: string) {
    super(`network ${JSON.stringify(network)} not found`);
  }
}

export class NetworkExistsError extends NetworkError {
  readonly code = 'ERR_NETWORK_EXISTS';
  readonly status = 'AlreadyExists';
  constructor(readonly network: string) {
    super(`network ${JSON.stringify(network)} already exists`);
  }
}

export class NetworkInUseError extends NetworkError {
  readonly code = 'ERR_NETWORK_IN_USE';
  readonly status = 'FailedPrecondition';
  constructor(
    readonly network: string,
    readonly containers: string[],
  ) {
    super(`network ${JSON.stringify(network)} is in use by ${containers.join(', ')}; detach them or force`);
  }
}

export class SubnetOverlapError extends NetworkError {
  readonly code = 'ERR_NETWORK_SUBNET_OVERLAP';
  readonly status = 'AlreadyExists';
}

export class PoolExhaustedError extends NetworkError {
  readonly code = 'ERR_NETWORK_POOL_EXHAUSTED';
  readonly status = 'ResourceExhausted';
}

export class AddressUnavailableError extends NetworkError {
  readonly code = 'ERR_NETWORK_ADDRESS_UNAVAILABLE';
  readonly status = 'AlreadyExists';
}

export class PortInUseError extends NetworkError {
  readonly code = 'ERR_NETWORK_PORT_IN_USE';
  readonly status = 'AlreadyExists';
}

export class NetnsNotFoundError extends NetworkError {
  readonly code = 'ERR_NETWORK_NETNS_NOT_FOUND';
  readonly status = 'NotFound';
}

export class AttachmentExistsError extends NetworkError {
  readonly code = 'ERR_NETWORK_ATTACHMENT_EXISTS';
  readonly status = 'AlreadyExists';
}

export class AttachmentNotFoundError extends NetworkError {
  readonly code = 'ERR_NETWORK_ATTACHMENT_NOT_FOUND';
  readonly status = 'NotFound';
}

/** A host program (ip, nft, a CNI plugin) failed; the message carries its stderr. */
export class CommandFailedError extends NetworkError {
  readonly code = 'ERR_NETWORK_COMMAND_FAILED';
  readonly status = 'Internal';
  constructor(
    readonly command: string,
    readonly exitCode: number | null,
    readonly stderr: string,
  ) {
    super(`${command} failed (exit ${exitCode ?? 'signal'}): ${stderr.trim() || 'no output'}`);
  }
}

/** Another daemon holds the state directory. */
export class StateLockedError extends NetworkError {
  readonly code = 'ERR_NETWORK_STATE_LOCKED';
  readonly status = 'Unavailable';
}

export class CniError extends NetworkError {
  readonly code = 'ERR_NETWORK_CNI';
  readonly status = 'Internal';
}

/** The request is valid but the state forbids it (e.g. removing the default network). */
export class FailedPreconditionError extends NetworkError {
  readonly code = 'ERR_NETWORK_FAILED_PRECONDITION';
  readonly status = 'FailedPrecondition';
}
