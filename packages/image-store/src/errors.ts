import {
  AlreadyExistsError,
  DataLossError,
  FailedPreconditionError,
  InvalidArgumentError,
  NotFoundError,
  ResourceExhaustedError,
} from '@berth/kit';

// Every error here carries a stable `reason` so programs (the engine, an orchestrator) can react
// without parsing messages; the kit maps the class's code to the gRPC status.

export class BlobNotFoundError extends NotFoundError {
  constructor(readonly digest: string) {
    super(`blob ${digest} not found`, { reason: 'BLOB_NOT_FOUND', details: { digest } });
  }
}

export class ImageNotFoundError extends NotFoundError {
  constructor(readonly imageName: string) {
    super(`image ${imageName} not found`, { reason: 'IMAGE_NOT_FOUND', details: { name: imageName } });
  }
}

/** An image ID prefix that more than one image's ID starts with. */
export class AmbiguousImageIdError extends InvalidArgumentError {
  constructor(
    readonly prefix: string,
    readonly ids: string[],
  ) {
    super(
      `image ID prefix ${prefix} is ambiguous: it matches ${ids.length} images (${ids.map((id) => id.slice(7, 19)).join(', ')}); give more digits`,
      {
        reason: 'AMBIGUOUS_IMAGE_ID',
        details: { prefix },
      },
    );
  }
}

/** Removing by ID an image that has several names: docker's "must be forced" conflict. */
export class ImageReferencedError extends FailedPreconditionError {
  constructor(id: string, names: string[]) {
    super(
      `unable to delete ${id.slice(7, 19)}: image is referenced by ${names.length} names (${names.join(', ')}); remove them by name`,
      { reason: 'IMAGE_REFERENCED', details: { id } },
    );
  }
}

export class SnapshotNotFoundError extends NotFoundError {
  constructor(readonly key: string) {
    super(`snapshot ${key} not found`, { reason: 'SNAPSHOT_NOT_FOUND', details: { key } });
  }
}

export class SnapshotExistsError extends AlreadyExistsError {
  constructor(readonly key: string) {
    super(`snapshot ${key} already exists`, { reason: 'SNAPSHOT_EXISTS', details: { key } });
  }
}

/** The snapshot exists but is in the wrong state for the operation (commit a view, remove a parent). */
export class SnapshotStateError extends FailedPreconditionError {
  constructor(key: string, why: string) {
    super(`snapshot ${key}: ${why}`, { reason: 'SNAPSHOT_STATE', details: { key } });
  }
}

/** A tar entry that would write outside its snapshot, or that the OCI layer format forbids. */
export class UnsafeLayerEntryError extends InvalidArgumentError {
  constructor(
    readonly entry: string,
    why: string,
  ) {
    super(`layer entry "${entry}": ${why}`, { reason: 'UNSAFE_LAYER_ENTRY', details: { entry } });
  }
}

/** The layer stream itself is broken: truncated tar, bad compression, unsupported entry type. */
export class LayerFormatError extends InvalidArgumentError {
  constructor(what: string, options: { cause?: unknown } = {}) {
    super(`invalid layer: ${what}`, { reason: 'INVALID_LAYER', cause: options.cause });
  }
}

/** The uncompressed layer does not hash to the diffID the image config promises. */
export class DiffIdMismatchError extends DataLossError {
  constructor(
    readonly expected: string,
    readonly actual: string,
  ) {
    super(`layer diffID mismatch: image config says ${expected}, layer content is ${actual}`, {
      reason: 'DIFF_ID_MISMATCH',
      details: { expected, actual },
    });
  }
}

/** A layer unpacks to more bytes than the configured limit (a tar bomb, or a limit set too low). */
export class LayerTooLargeError extends ResourceExhaustedError {
  constructor(limitBytes: number, entry: string) {
    super(`layer unpacks to more than ${limitBytes} bytes (at entry "${entry}")`, {
      reason: 'LAYER_TOO_LARGE',
      details: { limitBytes, entry },
    });
  }
}

export class LeaseNotFoundError extends NotFoundError {
  constructor(id: string) {
    super(`lease ${id} not found`, { reason: 'LEASE_NOT_FOUND', details: { id } });
  }
}

export class LeaseExistsError extends AlreadyExistsError {
  constructor(id: string) {
    super(`lease ${id} already exists`, { reason: 'LEASE_EXISTS', details: { id } });
  }
}
