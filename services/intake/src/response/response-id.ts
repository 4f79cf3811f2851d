import { createHash, randomUUID } from 'node:crypto';

/**
 * The response id. A response carrying an identifier (system + value) always gets the same id, so a client
 * resubmitting after a lost reply lands on the same stream instead of creating a duplicate.
 */
export function responseIdFor(identifier: { system?: string; value?: string } | undefined): string {
  if (!identifier?.system || !identifier.value) return randomUUID();
  const h = createHash('sha256').update(`${identifier.system}|${identifier.value}`).digest('hex');
  // Shaped as an RFC 9562 version-8 (custom) UUID.
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-8${h.slice(13, 16)}-${((parseInt(h[16], 16) & 0x3) | 0x8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}
