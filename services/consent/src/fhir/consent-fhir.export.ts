import type { Block, ConsentRecord, PatientAccessState } from '@hub/access-policy';
import { ACTOR_ROLE, CATEGORY, PROJECT_POLICY_PREFIX, SCOPE_SYSTEM, TARGET_SYSTEM, type Scope } from './consent-fhir.codes';

export type FhirConsent = { resourceType: 'Consent'; id: string; [key: string]: unknown };

const scopeOf = (code: Scope) => ({ coding: [{ system: SCOPE_SYSTEM, code }] });
const period = (start?: string, end?: string) => ({ ...(start ? { start } : {}), ...(end ? { end } : {}) });

/** A block as a FHIR Consent: patient-privacy scope, a deny provision naming the unit, sector or professional. */
export function blockToFhir(patientId: string, block: Block, now: string): FhirConsent {
  const ended = block.liftedAt !== undefined || (block.validTo !== undefined && Date.parse(block.validTo) <= Date.parse(now));
  const data = block.dataFrom || block.dataTo ? { dataPeriod: period(block.dataFrom, block.dataTo) } : {};
  return {
    resourceType: 'Consent',
    id: block.blockId,
    status: ended ? 'inactive' : 'active',
    scope: scopeOf('patient-privacy'),
    category: [{ coding: [CATEGORY] }],
    patient: { reference: `Patient/${patientId}` },
    dateTime: block.validFrom,
    policyRule: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'OPTOUT' }] },
    provision: {
      type: 'deny',
      period: period(block.validFrom, block.liftedAt ?? block.validTo),
      actor: [{ role: { coding: [ACTOR_ROLE] }, reference: { identifier: { system: TARGET_SYSTEM[block.target.kind], value: block.target.value } } }],
      ...data,
    },
  };
}

/** A purpose consent as a FHIR Consent: research ones carry the project and consent text version as policy. */
export function consentToFhir(patientId: string, c: ConsentRecord): FhirConsent {
  const policy = c.purpose === 'research' ? { policy: [{ uri: `${PROJECT_POLICY_PREFIX}${c.projectId}|${c.textVersion ?? ''}` }] } : {};
  return {
    resourceType: 'Consent',
    id: c.purpose === 'research' ? `research-${c.projectId}-${Date.parse(c.grantedAt)}` : `${c.purpose}-${Date.parse(c.grantedAt)}`,
    status: c.withdrawnAt ? 'inactive' : 'active',
    scope: scopeOf(c.purpose === 'research' ? 'research' : 'treatment'),
    category: [{ coding: [CATEGORY] }],
    patient: { reference: `Patient/${patientId}` },
    dateTime: c.grantedAt,
    ...policy,
    policyRule: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'OPTIN' }] },
    provision: { type: 'permit', period: period(c.grantedAt, c.withdrawnAt), purpose: [{ system: 'urn:pro-hub:purpose', code: c.purpose }] },
  };
}

/** The patient's consents and blocks as a FHIR searchset Bundle. */
export function toConsentBundle(patientId: string, state: PatientAccessState, now: string) {
  const resources = [...state.consents.map((c) => consentToFhir(patientId, c)), ...state.blocks.map((b) => blockToFhir(patientId, b, now))];
  return { resourceType: 'Bundle', type: 'searchset', total: resources.length, entry: resources.map((resource) => ({ fullUrl: `Consent/${resource.id}`, resource })) };
}
