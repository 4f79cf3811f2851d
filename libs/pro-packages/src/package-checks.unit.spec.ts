import { INSTRUMENTS, instrumentById } from './instruments';
import { packageProblems } from './package-checks';

describe('package checks', () => {
  it.each(INSTRUMENTS.map((i) => [i.package.id, i] as const))('the seeded %s package fits its questionnaire', (_id, instrument) => {
    expect(packageProblems(instrument.package, instrument.questionnaire)).toEqual([]);
  });

  it('refuses a package whose questionnaire is not in the bank', () => {
    const { package: pkg } = instrumentById('gad-7');
    expect(packageProblems(pkg, undefined)).toEqual([{ location: 'questionnaire', message: expect.stringContaining('not in the bank') }]);
  });

  it('names every broken reference at once: bad FHIRPath, unknown linkId, unknown option, unknown score, contact item', () => {
    const { package: pkg, questionnaire } = instrumentById('phq-9');
    const broken = {
      ...pkg,
      scoring: [{ ...pkg.scoring[0], expression: 'QuestionnaireResponse.item.where(', reads: { linkIds: ['phq9-99'] } }],
      triage: {
        contactMe: 'phq9-1',
        answerColours: [{ id: 'x', linkIds: ['phq9-9'], options: [{ system: 'urn:other', code: '1' }], colour: 'red', reason: 'x' }],
        scoreThresholds: [{ id: 'y', score: 'nope', atLeast: 1, colour: 'red', reason: 'y' }],
      },
    };
    expect(packageProblems(broken, questionnaire).map((p) => p.location)).toEqual([
      'scoring[0].expression',
      'scoring[0].reads',
      'triage.contactMe',
      'triage.answerColours[0].options',
      'triage.scoreThresholds[0].score',
    ]);
  });

  it('refuses a malformed package by its shape first', () => {
    expect(packageProblems({ id: 'a b', version: '1', questionnaire: {}, scoring: {}, triage: {}, schedule: { reminderAfterDays: 0 } }, undefined).map((p) => p.location)).toEqual([
      'id',
      'questionnaire',
      'scoring',
      'triage',
      'schedule',
    ]);
  });
});
