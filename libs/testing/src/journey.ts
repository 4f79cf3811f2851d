import type { TokenClaims } from '@hub/auth';
import { requestAs } from './auth';
import { eventually } from './http';

export interface AnswerJourney {
  dispatchUrl: string;
  intakeUrl: string;
  /** The clinician who dispatches, at the unit in care. */
  clinician: TokenClaims;
  patientId: string;
  unitSor: string;
  /** Canonical `url|version`. */
  questionnaire: string;
  /** The QuestionnaireResponse's items, as the patient answers them. */
  items: unknown[];
}

/**
 * The patient's round trip as the services see it: a clinician dispatches the questionnaire (retried until
 * dispatch has learned of the consent and care relationship over Kafka), and the patient answers it as FHIR
 * (retried until intake has learned of the dispatch). Returns the dispatch id.
 */
export async function dispatchAndAnswer(j: AnswerJourney): Promise<string> {
  const dispatched = await eventually(
    () => requestAs<{ dispatchId: string }>(j.clinician, 'POST', `${j.dispatchUrl}/dispatches`, { patientId: j.patientId, unitSor: j.unitSor, questionnaire: j.questionnaire }),
    (r) => r.status === 201,
    30_000,
    'dispatch to accept the order',
  );
  const dispatchId = dispatched.body.dispatchId;
  const response = {
    resourceType: 'QuestionnaireResponse',
    identifier: { system: 'urn:pro-hub:test:response', value: dispatchId },
    questionnaire: j.questionnaire,
    status: 'completed',
    basedOn: [{ reference: `ServiceRequest/${dispatchId}` }],
    subject: { reference: `Patient/${j.patientId}` },
    authored: new Date().toISOString(),
    item: j.items,
  };
  const patient: TokenClaims = { role: 'patient', org: j.unitSor, patient: j.patientId, sub: `patient-${j.patientId}` };
  await eventually(
    () => requestAs(patient, 'POST', `${j.intakeUrl}/fhir/QuestionnaireResponse`, response, { 'content-type': 'application/fhir+json' }),
    (r) => r.status === 201,
    30_000,
    'intake to accept the response',
  );
  return dispatchId;
}
