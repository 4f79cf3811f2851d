/** Code systems and identifier systems the hub's FHIR R4 Consent resources use. */
export const SCOPE_SYSTEM = 'http://terminology.hl7.org/CodeSystem/consentscope';
export const CATEGORY = { system: 'http://loinc.org', code: '59284-0', display: 'Patient Consent' };
export const ACTOR_ROLE = { system: 'http://terminology.hl7.org/CodeSystem/v3-ParticipationType', code: 'PRCP' };
/** The SOR register's OID, so other Danish systems recognise the unit codes. */
export const SOR_SYSTEM = 'urn:oid:1.2.208.176.1.1';
export const SECTOR_SYSTEM = 'urn:pro-hub:sector';
export const PROFESSIONAL_SYSTEM = 'urn:pro-hub:professional';
/** Research consents point at the project, with the consent text version after a bar: urn:pro-hub:research-project:<id>|<version>. */
export const PROJECT_POLICY_PREFIX = 'urn:pro-hub:research-project:';

export type Scope = 'patient-privacy' | 'research' | 'treatment';

export const TARGET_SYSTEM = { unit: SOR_SYSTEM, sector: SECTOR_SYSTEM, professional: PROFESSIONAL_SYSTEM } as const;
