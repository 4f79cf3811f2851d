import type { PoolClient } from 'pg';
import type { PatientErased } from '@hub/contracts';
import type { PersonalDataPolicy, SubjectKeys } from '@hub/subject-keys';

/**
 * What a patient wrote or attached in their answers, wherever it sits among the (nested) items: a FHIR answer's
 * free text (`valueString`, used by both `string` and `text` items and by open-choice "other" answers), an
 * attachment they supplied, and the narrative's `div`, which a client may fill with the answers as written.
 * Coded and numeric answers, linkIds and the questionnaire reference stay in clear: scoring, the worklist and
 * the pseudonymisation door need them, and they are no one's prose.
 */
export const FREE_TEXT_KEYS = ['valueString', 'valueAttachment', 'div'];

/**
 * The patient's free text in a response event is encrypted under the patient's own key in intake's key store, so
 * an erasure makes it unreadable in every stored event and every copy on Kafka, while each event's hash (over
 * the ciphertext) still verifies.
 */
export const RESPONSE_PERSONAL_DATA: PersonalDataPolicy = {
  QuestionnaireResponseAccepted: { subject: 'patientId', fields: [], keysAnywhere: FREE_TEXT_KEYS },
  QuestionnaireResponseAmended: { subject: 'patientId', fields: [], keysAnywhere: FREE_TEXT_KEYS },
};

/**
 * Destroys the patient's data keys in intake's key store, in the consumer's transaction: the erasure and the
 * access replica's record of it commit together, and a redelivered PatientErased finds it done.
 */
export async function shredAnswersOf(keys: SubjectKeys, erased: PatientErased, tx: PoolClient): Promise<void> {
  await keys.eraseSubject(erased.patientId, erased.erasedAt, erased.reason, undefined, tx);
}
