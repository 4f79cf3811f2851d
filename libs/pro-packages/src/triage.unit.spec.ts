// Triage per seeded package: answer colours, score thresholds, and "please contact me" always red.
import { instrumentById } from './instruments';
import { numbered, responseTo } from './testing';
import { scoreResponse } from './score-response';
import { triage } from './triage';

const triageOf = (id: string, answers: Record<string, number | boolean | string>) => {
  const instrument = instrumentById(id);
  const response = responseTo(instrument, answers);
  return triage(instrument.package, response, scoreResponse(instrument.package, response).scores);
};
const rulesOf = (result: ReturnType<typeof triageOf>) => result.reasons.map((r) => r.rule);

describe('PHQ-9', () => {
  it('is green below 10 with item 9 at "not at all"', () => {
    expect(triageOf('phq-9', numbered('phq9', [1, 1, 1, 1, 1, 1, 1, 1, 0]))).toEqual({ colour: 'green', reasons: [] });
  });

  it('is yellow at 10-14', () => {
    const result = triageOf('phq-9', numbered('phq9', [2, 2, 2, 2, 2, 2, 2, 0, 0]));
    expect(result.colour).toBe('yellow');
    expect(rulesOf(result)).toEqual(['phq9-moderate']);
  });

  it('is red from 15', () => {
    expect(triageOf('phq-9', numbered('phq9', [3, 3, 3, 3, 3, 0, 0, 0, 0])).colour).toBe('red');
  });

  it('is red whenever item 9 (self-harm) is positive, even with a low total', () => {
    const result = triageOf('phq-9', numbered('phq9', [0, 0, 0, 0, 0, 0, 0, 0, 1]));
    expect(result).toEqual({ colour: 'red', reasons: [expect.objectContaining({ rule: 'phq9-item9-positive', colour: 'red' })] });
  });
});

describe('GAD-7', () => {
  it.each([
    [[1, 1, 1, 1, 1, 1, 1], 'green'],
    [[2, 2, 2, 2, 2, 0, 0], 'yellow'],
    [[3, 3, 3, 2, 2, 1, 1], 'red'],
  ])('%j is %s', (items, colour) => {
    expect(triageOf('gad-7', numbered('gad7', items)).colour).toBe(colour);
  });
});

describe('WHO-5 (low is bad)', () => {
  it.each([
    [[2, 2, 1, 1, 1], 28, 'red'],
    [[2, 2, 2, 1, 1], 32, 'yellow'],
    [[3, 3, 2, 2, 2], 48, 'yellow'],
    [[3, 3, 3, 2, 2], 52, 'green'],
  ])('%j (percentage %i) is %s', (items, _percentage, colour) => {
    expect(triageOf('who-5', numbered('who5', items)).colour).toBe(colour);
  });
});

describe('pain NRS', () => {
  it.each([
    [3, 'green', []],
    [4, 'yellow', ['pain-moderate']],
    [7, 'red', ['pain-severe', 'pain-moderate']],
  ])('a rating of %i is %s', (pain, colour, rules) => {
    const result = triageOf('pain-nrs', { pain });
    expect(result.colour).toBe(colour);
    expect(rulesOf(result)).toEqual(rules);
  });
});

describe('ESAS-r-style list', () => {
  const esas = (overrides: Record<string, number>) => ({
    ...Object.fromEntries(['pain', 'tiredness', 'drowsiness', 'nausea', 'appetite', 'breath', 'depression', 'anxiety', 'wellbeing'].map((k) => [`esas-${k}`, 1])),
    ...overrides,
  });

  it('is colored by its worst symptom', () => {
    expect(triageOf('esas-r', esas({})).colour).toBe('green');
    expect(triageOf('esas-r', esas({ 'esas-nausea': 5 })).colour).toBe('yellow');
    expect(triageOf('esas-r', esas({ 'esas-nausea': 5, 'esas-breath': 8 })).colour).toBe('red');
  });
});

describe('"please contact me"', () => {
  it.each(['phq-9', 'gad-7', 'who-5', 'pain-nrs', 'esas-r'])('is always red in %s, whatever the other answers', (id) => {
    const calm: Record<string, Record<string, number>> = {
      'phq-9': numbered('phq9', [0, 0, 0, 0, 0, 0, 0, 0, 0]) as Record<string, number>,
      'gad-7': numbered('gad7', [0, 0, 0, 0, 0, 0, 0]) as Record<string, number>,
      'who-5': numbered('who5', [5, 5, 5, 5, 5]) as Record<string, number>,
      'pain-nrs': { pain: 0 },
      'esas-r': Object.fromEntries(['pain', 'tiredness', 'drowsiness', 'nausea', 'appetite', 'breath', 'depression', 'anxiety', 'wellbeing'].map((k) => [`esas-${k}`, 0])),
    };
    expect(triageOf(id, calm[id]).colour).toBe('green');
    expect(triageOf(id, { ...calm[id], 'contact-me': true })).toEqual({ colour: 'red', reasons: [{ rule: 'contact-me', colour: 'red', text: 'The patient asked to be contacted' }] });
    expect(triageOf(id, { ...calm[id], 'contact-me': false }).colour).toBe('green');
  });
});
