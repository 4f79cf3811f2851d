import { createHash } from 'node:crypto';

/**
 * The FHIR logical id of a questionnaire version, derived from url|version so that the same version has the
 * same id on every run and in every environment (a replay or a re-seed cannot mint a second id).
 */
export function questionnaireIdOf(url: string, version: string): string {
  const h = createHash('sha256').update(`${url}|${version}`).digest('hex');
  // Shaped as an RFC 9562 version-8 (custom) UUID, which is also a valid FHIR id.
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-8${h.slice(13, 16)}-${((parseInt(h[16], 16) & 0x3) | 0x8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}
