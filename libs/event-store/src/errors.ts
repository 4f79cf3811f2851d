/** Raised when a stream's current version is not the one the writer expected. Retriable by reloading. */
export class StreamConflictError extends Error {
  readonly code = 'conflict';
  readonly retriable = true;
  constructor(
    readonly streamId: string,
    readonly expectedVersion: number,
    readonly actualVersion: number,
  ) {
    super(`stream ${streamId} is at version ${actualVersion}, expected ${expectedVersion}`);
  }
}

/**
 * The stream is at the expected version, but its last event was written by a transaction younger than this
 * one, so this append would be read before it. Retriable like any conflict: a new transaction is younger.
 */
export class CommitOrderConflictError extends StreamConflictError {
  constructor(streamId: string, version: number) {
    super(streamId, version, version);
    this.message = `stream ${streamId} at version ${version} was last written by a younger transaction; retry in a new transaction to keep commit order`;
  }
}

/**
 * An append reused event ids in a way a retry cannot explain: part of the batch is already stored, or an id
 * belongs to another stream. Not retriable: the caller is minting ids wrongly.
 */
export class EventIdReuseError extends Error {
  readonly code = 'conflict';
  readonly retriable = false;
  constructor(
    readonly streamId: string,
    readonly eventIds: string[],
  ) {
    super(`stream ${streamId}: event ids already stored elsewhere or only partly: ${eventIds.join(', ')}`);
  }
}
