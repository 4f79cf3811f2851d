// Test helper (import as @hub/pro-packages/testing): builds QuestionnaireResponses for the seeded instruments, answers by linkId in questionnaire order.
import type { Instrument } from './instruments';

type Answer = number | boolean | string;

interface Item {
  linkId: string;
  type: string;
  answerOption?: { valueCoding: { system: string; code: string } }[];
}

function answerFor(item: Item, value: Answer): Record<string, unknown> {
  if (item.type === 'choice') {
    const option = item.answerOption?.find((o) => o.valueCoding.code === String(value));
    if (!option) throw new Error(`${item.linkId} has no option ${String(value)}`);
    return { valueCoding: option.valueCoding };
  }
  if (item.type === 'boolean') return { valueBoolean: value };
  if (item.type === 'integer') return { valueInteger: value };
  return { valueString: value };
}

/** A completed response answering `answers` (linkId → option code, number or boolean). */
export function responseTo(instrument: Instrument, answers: Record<string, Answer>, extra: Record<string, unknown> = {}): Record<string, unknown> {
  const { url, version } = instrument.questionnaire;
  const items = (instrument.questionnaire.item as Item[]).filter((i) => answers[i.linkId] !== undefined).map((i) => ({ linkId: i.linkId, answer: [answerFor(i, answers[i.linkId])] }));
  return { resourceType: 'QuestionnaireResponse', questionnaire: `${url}|${version}`, status: 'completed', item: items, ...extra };
}

/** Answers for items sharing a prefix, e.g. phq9-1..phq9-9 from a list of codes. */
export const numbered = (prefix: string, values: Answer[]): Record<string, Answer> => Object.fromEntries(values.map((v, i) => [`${prefix}-${i + 1}`, v]));
