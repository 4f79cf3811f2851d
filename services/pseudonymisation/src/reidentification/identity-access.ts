import type { AccessDecided, ReidentificationIdentitiesRead } from '@hub/contracts';

/** The reason code every re-identification read carries in the patient's access log. */
export const REIDENTIFICATION_REASON = 're-identification';

/**
 * The access-log entries of one read of released identities: one AccessDecided per patient whose internal id
 * the reader was given, so the patient's own log ("min log") shows that a named clinician of a named unit learned
 * who is behind their quality pseudonym, when, and under which request. Purpose 'quality': re-identification
 * serves quality follow-up (adverse events included) of pseudonymised quality data, not a treatment read.
 *
 * What an entry leaves out, on purpose: the pseudonym (the consent service would otherwise hold a pseudonym ↔
 * patient link, a side door into the quality domain) and anything but codes and ids (no CPR number can appear).
 * Pseudonyms that matched no patient name no one, so they log nothing here; they stay on the request's trail.
 *
 * Refused reads are not here either: the decider refuses before anything is looked up, so a refusal names no
 * patient, and finding the patients only to log it would be a re-identification nobody approved. The refusal
 * stays on pro.treatment.reidentification.v1, where an auditor sees it beside the request.
 *
 * Pure: `newAccessId` supplies the ids (one per entry, in the order of the identities).
 */
export function toIdentityAccessDecisions(read: ReidentificationIdentitiesRead, newAccessId: () => string): AccessDecided[] {
  const patients = [...new Set(read.identities.map((i) => i.patientId))];
  return patients.map((patientId) => ({
    accessId: newAccessId(),
    patientId,
    actor: { subject: read.reader.subject, role: read.reader.role, orgSor: read.reader.orgSor },
    purpose: 'quality',
    resource: { kind: 'identity' },
    effect: 'permit',
    reason: REIDENTIFICATION_REASON,
    basis: { kind: 'reidentification-request', id: read.requestId },
    obligations: ['log-access'],
    overridden: false,
    internalOnly: false,
    decidedAt: read.readAt,
  }));
}
