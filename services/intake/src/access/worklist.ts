import type { TriageColour } from '@hub/contracts';

/** A response's triage on the worklist: the colour of its latest scoring, or `not-scored` when none exists. */
export type WorklistTriage = TriageColour | 'not-scored';

export interface WorklistResponse {
  responseId: string;
  triage: WorklistTriage;
  /** When intake accepted the response: its age on the worklist. */
  receivedAt: string;
}

export interface WorklistEntry {
  patientId: string;
  /** The same responses in worklist order (kept for clients that only need the ids). */
  responseIds: string[];
  responses: WorklistResponse[];
  /** True when the reader saw these through an override of the patient's block. */
  flagged: boolean;
}

/**
 * Urgency, most urgent first. An unscored response (an instrument without a package) has had no rule applied,
 * so it is not known to be fine: it comes before the green ones, after those a rule flagged.
 */
const URGENCY: Record<WorklistTriage, number> = { red: 0, yellow: 1, 'not-scored': 2, green: 3 };

/** Most urgent colour first, then the oldest: what has waited longest in a colour is looked at first. */
export function compareByUrgency(a: WorklistResponse, b: WorklistResponse): number {
  return URGENCY[a.triage] - URGENCY[b.triage] || Date.parse(a.receivedAt) - Date.parse(b.receivedAt) || a.responseId.localeCompare(b.responseId);
}

/**
 * The worklist in order: each patient's responses by urgency, and the patients by their most urgent response.
 * Patients with nothing left to show (every response entered in error, or none released) are left out.
 */
export function orderWorklist(entries: { patientId: string; responses: WorklistResponse[]; flagged: boolean }[]): WorklistEntry[] {
  return entries
    .filter((e) => e.responses.length > 0)
    .map((e) => {
      const responses = [...e.responses].sort(compareByUrgency);
      return { patientId: e.patientId, responseIds: responses.map((r) => r.responseId), responses, flagged: e.flagged };
    })
    .sort((a, b) => compareByUrgency(a.responses[0], b.responses[0]));
}
