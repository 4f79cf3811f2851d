/**
 * Splits a FHIR canonical reference `url|version` into its parts. A `#fragment` is kept on the url because
 * it names a contained resource, not a version.
 */
export function parseCanonical(ref: string): { url: string; version?: string } {
  const bar = ref.indexOf('|');
  if (bar < 0) return { url: ref };
  const url = ref.slice(0, bar);
  const version = ref.slice(bar + 1);
  return version ? { url, version } : { url };
}

/** Formats a canonical back to `url|version` (or just `url`) for messages. */
export function formatCanonical(canonical: { url?: string; version?: string }): string {
  const url = canonical.url ?? '(no url)';
  return canonical.version ? `${url}|${canonical.version}` : url;
}
