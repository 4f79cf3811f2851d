// Inline value sets: an answerValueSet of "#id" names a ValueSet contained in the questionnaire itself. When that
// ValueSet enumerates its codes (an expansion, or compose.include with concept lists only) membership can be
// decided here without a terminology server, so it is an error, not a warning, to answer outside it.
import type { Coding, Questionnaire } from './fhir.types';

/** Contained value sets by id: the codes when enumerable, undefined when only a terminology server could expand them. */
export type InlineValueSets = Map<string, Coding[] | undefined>;

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const listOf = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

function expansionCodes(contains: unknown[], into: Coding[] = []): Coding[] {
  for (const c of contains.filter(isRecord)) {
    if (typeof c.code === 'string') into.push({ system: typeof c.system === 'string' ? c.system : undefined, code: c.code });
    expansionCodes(listOf(c.contains), into);
  }
  return into;
}

function composeCodes(compose: Record<string, unknown>): Coding[] | undefined {
  // Exclusions, filters and imported value sets need a terminology server to resolve.
  if (listOf(compose.exclude).length > 0) return undefined;
  const includes = listOf(compose.include).filter(isRecord);
  if (includes.length === 0 || includes.some((i) => listOf(i.concept).length === 0 || listOf(i.filter).length > 0 || listOf(i.valueSet).length > 0)) return undefined;
  return includes.flatMap((i) =>
    listOf(i.concept)
      .filter(isRecord)
      .map((c) => ({ system: typeof i.system === 'string' ? i.system : undefined, code: String(c.code) })),
  );
}

function codesOf(valueSet: Record<string, unknown>): Coding[] | undefined {
  if (isRecord(valueSet.expansion)) return expansionCodes(listOf(valueSet.expansion.contains));
  return isRecord(valueSet.compose) ? composeCodes(valueSet.compose) : undefined;
}

/** Indexes the questionnaire's contained ValueSets. */
export function inlineValueSets(questionnaire: Questionnaire): InlineValueSets {
  const sets: InlineValueSets = new Map();
  for (const r of listOf(questionnaire.contained).filter(isRecord)) {
    if (r.resourceType === 'ValueSet' && typeof r.id === 'string') sets.set(r.id, codesOf(r));
  }
  return sets;
}

/** The contained id an answerValueSet names, or undefined for an external canonical. */
export const inlineId = (answerValueSet: string | undefined): string | undefined => (answerValueSet?.startsWith('#') ? answerValueSet.slice(1) : undefined);

/** Whether a coding is in the enumerated set: same code, and same system when both state one. */
export const inSet = (set: Coding[], coding: Coding): boolean => set.some((c) => c.code === coding.code && (c.system === undefined || coding.system === undefined || c.system === coding.system));
