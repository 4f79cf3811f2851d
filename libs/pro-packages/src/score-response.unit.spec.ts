// Scoring vectors per seeded instrument, from each instrument's published scoring rules.
import { validateQuestionnaireResponse, isValid, type Questionnaire } from '@hub/fhir-questionnaire';
import { instrumentById } from './instruments';
import { numbered, responseTo } from './testing';
import { scoreResponse } from './score-response';

const scoresOf = (id: string, answers: Record<string, number | boolean | string>) => {
  const instrument = instrumentById(id);
  const response = responseTo(instrument, answers);
  // A vector is only meaningful for a response intake would accept.
  expect(isValid(validateQuestionnaireResponse(response, instrument.questionnaire as unknown as Questionnaire))).toBe(true);
  return scoreResponse(instrument.package, response);
};

describe('PHQ-9', () => {
  // Kroenke K, Spitzer RL, Williams JBW. The PHQ-9. J Gen Intern Med 2001;16:606-613: nine items scored 0-3,
  // total 0-27; 5, 10, 15 and 20 mark mild, moderate, moderately severe and severe depression.
  it.each([
    [[0, 0, 0, 0, 0, 0, 0, 0, 0], 0, 'minimal'],
    [[1, 1, 1, 1, 0, 0, 0, 0, 0], 4, 'minimal'],
    [[1, 1, 1, 1, 1, 0, 0, 0, 0], 5, 'mild'],
    [[2, 2, 2, 1, 1, 1, 0, 0, 0], 9, 'mild'],
    [[2, 2, 2, 2, 2, 0, 0, 0, 0], 10, 'moderate'],
    [[3, 3, 3, 3, 2, 1, 0, 0, 0], 15, 'moderately-severe'],
    [[3, 3, 3, 3, 3, 2, 2, 1, 0], 20, 'severe'],
    [[3, 3, 3, 3, 3, 3, 3, 3, 3], 27, 'severe'],
  ])('items %j score %i (%s)', (items, total, band) => {
    const result = scoresOf('phq-9', numbered('phq9', items));
    expect(result).toEqual({ package: { id: 'phq-9', version: '1.0.0' }, scores: [{ name: 'total', value: total, band: expect.objectContaining({ code: band }) }], notComputed: [] });
  });
});

describe('GAD-7', () => {
  // Spitzer RL et al. A brief measure for assessing generalized anxiety disorder: the GAD-7. Arch Intern Med
  // 2006;166:1092-1097: seven items scored 0-3, total 0-21; 5, 10 and 15 mark mild, moderate and severe anxiety.
  it.each([
    [[0, 0, 0, 0, 0, 0, 0], 0, 'minimal'],
    [[1, 1, 1, 1, 1, 0, 0], 5, 'mild'],
    [[2, 2, 2, 1, 1, 1, 0], 9, 'mild'],
    [[2, 2, 2, 2, 2, 0, 0], 10, 'moderate'],
    [[3, 3, 3, 2, 2, 1, 1], 15, 'severe'],
    [[3, 3, 3, 3, 3, 3, 3], 21, 'severe'],
  ])('items %j score %i (%s)', (items, total, band) => {
    expect(scoresOf('gad-7', numbered('gad7', items)).scores).toEqual([{ name: 'total', value: total, band: expect.objectContaining({ code: band }) }]);
  });
});

describe('WHO-5', () => {
  // Topp CW et al. The WHO-5 Well-Being Index: a systematic review. Psychother Psychosom 2015;84:167-176, and
  // Psykiatrisk Center Nordsjælland's scoring: five items 0-5, raw 0-25, times 4 gives 0-100; 50 or less is
  // poor wellbeing, 28 or less likely depression.
  it.each([
    [[5, 5, 5, 5, 5], 25, 100, 'adequate'],
    [[0, 0, 0, 0, 0], 0, 0, 'likely-depression'],
    [[2, 2, 1, 1, 1], 7, 28, 'likely-depression'],
    [[2, 2, 2, 1, 1], 8, 32, 'poor-wellbeing'],
    [[3, 3, 2, 2, 2], 12, 48, 'poor-wellbeing'],
    [[3, 3, 3, 2, 2], 13, 52, 'adequate'],
  ])('items %j: raw %i, percentage %i (%s)', (items, raw, percentage, band) => {
    expect(scoresOf('who-5', numbered('who5', items)).scores).toEqual([
      { name: 'raw', value: raw },
      { name: 'percentage', value: percentage, band: expect.objectContaining({ code: band }) },
    ]);
  });
});

describe('pain NRS 0-10', () => {
  // Hjermstad MJ et al. J Pain Symptom Manage 2011;41:1073-1093: the rating is the score; 1-3 mild, 4-6 moderate, 7-10 severe.
  it.each([
    [0, 'none'],
    [3, 'mild'],
    [4, 'moderate'],
    [10, 'severe'],
  ])('a rating of %i scores itself (%s)', (pain, band) => {
    expect(scoresOf('pain-nrs', { pain }).scores).toEqual([{ name: 'pain', value: pain, band: expect.objectContaining({ code: band }) }]);
  });
});

describe('ESAS-r-style symptom list', () => {
  // Watanabe SM et al. J Pain Symptom Manage 2011;41:456-468 (ESAS-r: nine symptoms 0-10); total symptom
  // distress = sum of the nine (Chang 2000), physical = the first six, emotional = depression + anxiety.
  const esas = (values: number[]) =>
    Object.fromEntries(['pain', 'tiredness', 'drowsiness', 'nausea', 'appetite', 'breath', 'depression', 'anxiety', 'wellbeing'].map((k, i) => [`esas-${k}`, values[i]]));

  it.each([
    [[0, 0, 0, 0, 0, 0, 0, 0, 0], 0, 0, 0],
    [[10, 10, 10, 10, 10, 10, 10, 10, 10], 90, 60, 20],
    [[3, 5, 2, 0, 4, 1, 6, 7, 5], 33, 15, 13],
  ])('items %j: total %i, physical %i, emotional %i', (values, total, physical, emotional) => {
    expect(scoresOf('esas-r', esas(values)).scores).toEqual([
      { name: 'total', value: total },
      { name: 'physical', value: physical },
      { name: 'emotional', value: emotional },
    ]);
  });
});

it('names the scores it cannot compute instead of inventing a value', () => {
  const instrument = instrumentById('phq-9');
  expect(scoreResponse(instrument.package, responseTo(instrument, {}))).toMatchObject({ scores: [], notComputed: ['total'] });
});
