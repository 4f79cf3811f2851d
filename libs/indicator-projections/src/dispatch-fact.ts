import type { QualityDispatchRecorded, QualityRecordRetracted, QualityResponseRecorded, QualityScoreRecorded, QualityUnit } from '@hub/contracts';

/**
 * One dispatch as the indicators see it, folded from the quality records of its stream (`quality-<dispatchRef>`,
 * one Kafka key, so they arrive in order). Every indicator is computed from these facts alone, so a cell can be
 * recomputed from the facts it covers, and a replay of the topic rebuilds the same facts.
 */
export interface DispatchFact {
  dispatchRef: string;
  /** 'dispatch': the patient was erased, nothing else is kept. 'response': the answer was entered in error. */
  retracted: 'dispatch' | 'response' | null;
  /** Absent until the dispatch record arrived (a response may come first from a replay of another source). */
  dispatch?: {
    unit: QualityUnit;
    month: string;
    expiresOn: string;
    questionnaireUrl: string;
    pathway?: { ref: string; occurrence: number };
  };
  /** The current (highest) response version. */
  response?: { version: number; month: string; late: boolean };
  /** Scores by response version, ascending; only those of the current version count. */
  scores: Array<{ version: number; values: Record<string, number> }>;
}

export type QualityRecord =
  | { type: 'QualityDispatchRecorded'; data: QualityDispatchRecorded }
  | { type: 'QualityResponseRecorded'; data: QualityResponseRecorded }
  | { type: 'QualityScoreRecorded'; data: QualityScoreRecorded }
  | { type: 'QualityRecordRetracted'; data: QualityRecordRetracted };

export const QUALITY_RECORD_TYPES = ['QualityDispatchRecorded', 'QualityResponseRecorded', 'QualityScoreRecorded', 'QualityRecordRetracted'] as const;

export const isQualityRecord = (event: { type: string }): event is QualityRecord => (QUALITY_RECORD_TYPES as readonly string[]).includes(event.type);

export const emptyFact = (dispatchRef: string): DispatchFact => ({ dispatchRef, retracted: null, scores: [] });

/**
 * The fact after one record. A dispatch retraction is final: an erased patient's records that were still in
 * flight are dropped, not counted again. A response retraction (entered in error) is final too, as FHIR's
 * entered-in-error status is: a later version of that answer is not counted.
 */
export function nextDispatchFact(before: DispatchFact | undefined, record: QualityRecord): DispatchFact {
  const fact = before ?? emptyFact(record.data.dispatchRef);
  if (fact.retracted === 'dispatch') return fact;
  switch (record.type) {
    case 'QualityDispatchRecorded': {
      const d = record.data;
      return { ...fact, dispatch: { unit: d.unit, month: d.month, expiresOn: d.expiresOn, questionnaireUrl: d.questionnaire.url, ...(d.pathway ? { pathway: d.pathway } : {}) } };
    }
    case 'QualityResponseRecorded': {
      const r = record.data;
      // A redelivered or reordered older version never replaces a newer one.
      if (fact.retracted === 'response' || (fact.response && fact.response.version >= r.responseVersion)) return fact;
      return { ...fact, response: { version: r.responseVersion, month: r.month, late: r.late } };
    }
    case 'QualityScoreRecorded': {
      const s = record.data;
      if (fact.retracted === 'response') return fact;
      const values = Object.fromEntries(s.scores.map((x) => [x.name, x.value]));
      const others = fact.scores.filter((x) => x.version !== s.responseVersion);
      return { ...fact, scores: [...others, { version: s.responseVersion, values }].sort((a, b) => a.version - b.version) };
    }
    case 'QualityRecordRetracted':
      return record.data.scope === 'dispatch' ? { dispatchRef: fact.dispatchRef, retracted: 'dispatch', scores: [] } : { ...fact, retracted: 'response', response: undefined, scores: [] };
    default: {
      const _exhaustive: never = record;
      return _exhaustive;
    }
  }
}

/** The scores of the current response version, or undefined when it has none (yet). */
export function currentScores(fact: DispatchFact): Record<string, number> | undefined {
  if (!fact.response) return undefined;
  return fact.scores.find((s) => s.version === fact.response?.version)?.values;
}

/** The pathway the fact belongs to, if any: its outcome cells must be recomputed when it changes. */
export const pathwayOf = (fact: DispatchFact | undefined) => fact?.dispatch?.pathway?.ref;
