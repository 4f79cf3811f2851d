// A PRO package: one questionnaire version with the rules that turn its answers into scores and a triage
// colour, and the schedule it is dispatched on by default. Packages are data, versioned and immutable like the
// questionnaire they belong to, so a score recorded with package id+version can always be recomputed.

/** A versioned FHIR canonical, `url|version` split in two. */
export interface CanonicalVersion {
  url: string;
  version: string;
}

/** A coded answer as FHIR Coding identifies it. */
export interface CodeRef {
  system: string;
  code: string;
}

/** An interpretation band: applies from `from` (inclusive) up to the next band's `from`. */
export interface ScoreBand {
  from: number;
  code: string;
  display: string;
}

/** One named score: a FHIRPath expression over the QuestionnaireResponse that yields one number. */
export interface ScoreRule {
  name: string;
  title: string;
  /** FHIRPath (R4 model) evaluated with the QuestionnaireResponse as %resource; must yield a single number. */
  expression: string;
  /** What the expression reads, so a reviewer (and the package checks) can see its inputs without parsing it. */
  reads: { linkIds: string[]; system?: string };
  range: { min: number; max: number };
  /** Ascending by `from`. */
  bands?: ScoreBand[];
}

export type TriageColour = 'green' | 'yellow' | 'red';

/** Colours an answer: a coded option, or a numeric answer at or above a threshold. */
export interface AnswerColourRule {
  id: string;
  linkIds: string[];
  /** Coded answers that get this colour. */
  options?: CodeRef[];
  /** Numeric (integer/decimal) answers at or above this value get this colour. */
  atLeast?: number;
  colour: Exclude<TriageColour, 'green'>;
  reason: string;
}

/** Colours a score at or above `atLeast`, or at or below `atMost` (WHO-5 is low when it is bad). */
export interface ScoreThresholdRule {
  id: string;
  score: string;
  atLeast?: number;
  atMost?: number;
  colour: Exclude<TriageColour, 'green'>;
  reason: string;
}

export interface TriageRules {
  /** linkId of the boolean "please contact me" item: a true answer is always red, whatever else the rules say. */
  contactMe?: string;
  answerColours: AnswerColourRule[];
  scoreThresholds: ScoreThresholdRule[];
}

/** The schedule a package is dispatched on unless the order says otherwise. Whole days keep it unambiguous. */
export interface DefaultSchedule {
  /** Days between dispatches for a recurring order; absent for a one-off. */
  intervalDays?: number;
  /** Days after dispatch a reminder is sent when there is no response yet. */
  reminderAfterDays: number;
  /** Days after dispatch the dispatch expires (later answers are accepted and flagged late). */
  expiresAfterDays: number;
}

/** A PRO package as published in the bank. */
export interface ProPackage {
  id: string;
  version: string;
  title: string;
  questionnaire: CanonicalVersion;
  scoring: ScoreRule[];
  triage: TriageRules;
  schedule: DefaultSchedule;
  /** The published scoring and interpretation rules the package follows. */
  sources: string[];
}

/** One computed score. `band` is the interpretation band it falls into, when the rule defines bands. */
export interface Score {
  name: string;
  value: number;
  band?: { code: string; display: string };
}

export interface TriageReason {
  rule: string;
  colour: Exclude<TriageColour, 'green'>;
  text: string;
}

export interface TriageResult {
  colour: TriageColour;
  reasons: TriageReason[];
}

/** Scores of one response, with the exact package version whose rules computed them. */
export interface ScoredResponse {
  package: { id: string; version: string };
  scores: Score[];
  /** Score rules that could not be computed (e.g. an item left unanswered), by name. */
  notComputed: string[];
}
