import type { Request } from 'express';

export const FHIR_JSON = 'application/fhir+json';

/** A FHIR searchset Bundle of all matches, with its self link (the services' searches return few enough not to page). */
export function toSearchset(req: Request, type: string, resources: Array<Record<string, unknown>>) {
  const base = `${req.protocol}://${req.get('host') ?? ''}/fhir/${type}`;
  return {
    resourceType: 'Bundle',
    type: 'searchset',
    total: resources.length,
    link: [{ relation: 'self', url: `${base}${req.url.slice(req.path.length)}` }],
    entry: resources.map((resource) => ({ fullUrl: `${base}/${String(resource.id)}`, resource, search: { mode: 'match' } })),
  };
}
