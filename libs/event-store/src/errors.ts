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
