/**
 * Whether an error means the database is unreachable rather than that the message or handler is wrong.
 * Such failures are waited out (consumption pauses), never dead-lettered: the message itself is fine.
 */
export function isDatabaseUnavailable(err: unknown): boolean {
  if (err instanceof DatabaseUnavailable) return true;
  const code = String((err as { code?: unknown })?.code ?? '');
  // Node socket errors; SQLSTATE class 08 (connection exception), 57P0x (admin/crash shutdown, cannot connect
  // now), 53300 (too many connections), 3D000 (database missing, e.g. being restored).
  if (['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', '53300', '3D000'].includes(code)) return true;
  if (/^08/.test(code) || /^57P0/.test(code)) return true;
  return /Connection terminated|timeout exceeded when trying to connect|not currently accepting connections/i.test(String((err as Error)?.message ?? err));
}

/** Raised when no connection could be obtained at all: whatever the cause, the work never started. */
export class DatabaseUnavailable extends Error {
  readonly retriable = true;
  constructor(cause: unknown) {
    super(`database unavailable: ${(cause as Error)?.message ?? String(cause)}`, { cause });
  }
}
