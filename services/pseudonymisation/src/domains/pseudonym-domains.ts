import type { PoolClient } from 'pg';
import { isResearchProjectId } from '@hub/contracts';

/**
 * Pseudonym domains: 'quality' (one domain) and 'research:<projectId>' (one per project). Within a domain a
 * patient always has the same pseudonym; across domains nothing is shared, so projects cannot link their data.
 */
export type PseudonymDomain = 'quality' | `research:${string}`;

export const researchDomain = (projectId: string): PseudonymDomain => `research:${projectId}`;

/** The domain a string names ('quality' or 'research:<project id>'), or undefined when it names none. */
export function parseDomain(value: string): PseudonymDomain | undefined {
  if (value === 'quality') return value;
  const projectId = value.startsWith('research:') ? value.slice('research:'.length) : undefined;
  return projectId !== undefined && isResearchProjectId(projectId) ? researchDomain(projectId) : undefined;
}

/** The research project of a domain, or undefined for the quality domain. */
export const projectOf = (domain: PseudonymDomain): string | undefined => (domain === 'quality' ? undefined : domain.slice('research:'.length));

/** A patient as seen inside one domain: the pseudonym and keyed, unlinkable references to their records. */
export interface PatientInDomain {
  readonly domain: PseudonymDomain;
  readonly pseudonym: string;
  /** A stable reference to one of the patient's records (kind: 'dispatch', 'order', ...), keyed like the pseudonym. */
  ref(kind: string, id: string): string;
}

/** The seam between the records that leave and the keys that make them: the only place a domain key is used. */
export abstract class PseudonymDomains {
  /** The patient inside the domain, the same on every call (also after a key rotation). */
  abstract enter(tx: PoolClient, domain: PseudonymDomain, patientId: string): Promise<PatientInDomain>;
  /** The internal patient id behind a pseudonym, for audited re-identification only; undefined when unknown. */
  abstract patientOf(tx: PoolClient, domain: PseudonymDomain, pseudonym: string): Promise<string | undefined>;
}
