import { isValid, parseCanonical, toOperationOutcome, validateQuestionnaireResponse, type OperationOutcomeIssue, type Questionnaire, type QuestionnaireItem, type QuestionnaireResponseItem } from './index';

const URL = 'http://example.org/Questionnaire/phq';

const questionnaire = (item: QuestionnaireItem[], extra: Partial<Questionnaire> = {}): Questionnaire => ({ resourceType: 'Questionnaire', url: URL, version: '1.0', status: 'active', item, ...extra });
const response = (item: QuestionnaireResponseItem[], extra: Record<string, unknown> = {}) => ({ resourceType: 'QuestionnaireResponse', questionnaire: `${URL}|1.0`, status: 'completed', item, ...extra });
const errors = (issues: OperationOutcomeIssue[]) => issues.filter((i) => i.severity === 'error' || i.severity === 'fatal');
const answer = (linkId: string, ...values: Record<string, unknown>[]): QuestionnaireResponseItem => ({ linkId, answer: values });

describe('the resource and the questionnaire it answers', () => {
  it('splits canonical references into url and version', () => {
    expect(parseCanonical(`${URL}|2.1`)).toEqual({ url: URL, version: '2.1' });
    expect(parseCanonical(URL)).toEqual({ url: URL });
  });

  it('reports a version mismatch naming both versions', () => {
    const issues = validateQuestionnaireResponse(response([], { questionnaire: `${URL}|2.0` }), questionnaire([]));
    expect(issues).toEqual([expect.objectContaining({ severity: 'error', expression: ['QuestionnaireResponse.questionnaire'], diagnostics: expect.stringMatching(/2\.0.*1\.0/) })]);
  });

  it('accepts an unversioned reference and rejects another url', () => {
    expect(validateQuestionnaireResponse(response([], { questionnaire: URL }), questionnaire([]))).toEqual([]);
    expect(isValid(validateQuestionnaireResponse(response([], { questionnaire: 'http://other.org/Q|1.0' }), questionnaire([])))).toBe(false);
  });

  it('is invalid when the questionnaire cannot be resolved', () => {
    const issues = validateQuestionnaireResponse(response([answer('q1', { valueString: 'x' })]), undefined);
    expect(issues).toEqual([expect.objectContaining({ code: 'not-found' })]);
  });

  it('refuses anything that is not a QuestionnaireResponse outright', () => {
    expect(validateQuestionnaireResponse('nope', questionnaire([]))[0].severity).toBe('fatal');
    expect(validateQuestionnaireResponse({ resourceType: 'Patient' }, questionnaire([]))[0].severity).toBe('fatal');
  });

  it('requires a valid status', () => {
    expect(errors(validateQuestionnaireResponse(response([], { status: undefined }), questionnaire([])))).toEqual([expect.objectContaining({ code: 'required', expression: ['QuestionnaireResponse.status'] })]);
    expect(errors(validateQuestionnaireResponse(response([], { status: 'done' }), questionnaire([])))).toEqual([expect.objectContaining({ code: 'value' })]);
  });

  it('wraps issues in an OperationOutcome, with an informational issue when there is nothing to say', () => {
    expect(toOperationOutcome([])).toEqual({ resourceType: 'OperationOutcome', issue: [expect.objectContaining({ severity: 'information' })] });
    const issue: OperationOutcomeIssue = { severity: 'warning', code: 'business-rule', diagnostics: 'x' };
    expect(toOperationOutcome([issue]).issue).toEqual([issue]);
    expect(isValid([issue])).toBe(true);
  });
});

describe('every issue is reported at once', () => {
  it('gives two issues with their locations for two problems', () => {
    const q = questionnaire([{ linkId: 'age', type: 'integer' }, { linkId: 'born', type: 'date' }]);
    const issues = validateQuestionnaireResponse(response([answer('age', { valueString: 'forty' }), answer('born', { valueDate: '1980-13-01' })]), q);
    expect(errors(issues).map((i) => i.expression)).toEqual([['QuestionnaireResponse.item[0].answer[0]'], ['QuestionnaireResponse.item[1].answer[0]']]);
  });
});

describe('enableWhen', () => {
  const smoker = (extra: Partial<QuestionnaireItem> = {}): QuestionnaireItem[] => [
    { linkId: 'smokes', type: 'boolean' },
    { linkId: 'perDay', type: 'integer', required: true, enableWhen: [{ question: 'smokes', operator: '=', answerBoolean: true }], ...extra },
  ];

  it('rejects an answer given to a disabled item', () => {
    const issues = validateQuestionnaireResponse(response([answer('smokes', { valueBoolean: false }), answer('perDay', { valueInteger: 10 })]), questionnaire(smoker()));
    expect(errors(issues)).toEqual([expect.objectContaining({ diagnostics: expect.stringContaining('answer given to a disabled item'), expression: ['QuestionnaireResponse.item[1]'] })]);
  });

  it('demands a required item once it is enabled, and only then', () => {
    const enabled = validateQuestionnaireResponse(response([answer('smokes', { valueBoolean: true })]), questionnaire(smoker()));
    expect(errors(enabled)).toEqual([expect.objectContaining({ code: 'required', diagnostics: expect.stringContaining('perDay') })]);
    expect(validateQuestionnaireResponse(response([answer('smokes', { valueBoolean: false })]), questionnaire(smoker()))).toEqual([]);
  });

  it('only informs about missing required items while the response is in progress', () => {
    const issues = validateQuestionnaireResponse(response([answer('smokes', { valueBoolean: true })], { status: 'in-progress' }), questionnaire(smoker()));
    expect(isValid(issues)).toBe(true);
    expect(issues).toEqual([expect.objectContaining({ severity: 'information', code: 'required' })]);
  });

  describe('enableBehavior', () => {
    const items = (enableBehavior: 'any' | 'all'): QuestionnaireItem[] => [
      { linkId: 'a', type: 'boolean' },
      { linkId: 'b', type: 'boolean' },
      {
        linkId: 'c',
        type: 'string',
        enableBehavior,
        enableWhen: [
          { question: 'a', operator: '=', answerBoolean: true },
          { question: 'b', operator: '=', answerBoolean: true },
        ],
      },
    ];
    const oneTrue = response([answer('a', { valueBoolean: true }), answer('b', { valueBoolean: false }), answer('c', { valueString: 'x' })]);

    it('any: one condition met enables the item', () => {
      expect(validateQuestionnaireResponse(oneTrue, questionnaire(items('any')))).toEqual([]);
    });

    it('all: one condition unmet disables the item', () => {
      expect(errors(validateQuestionnaireResponse(oneTrue, questionnaire(items('all'))))).toHaveLength(1);
    });
  });

  it.each([
    ['exists', { answerBoolean: true }, true],
    ['exists', { answerBoolean: false }, false],
    ['=', { answerInteger: 5 }, true],
    ['!=', { answerInteger: 5 }, false],
    ['!=', { answerInteger: 6 }, true],
    ['>', { answerInteger: 4 }, true],
    ['>', { answerInteger: 5 }, false],
    ['<', { answerDecimal: 5.5 }, true],
    ['>=', { answerInteger: 5 }, true],
    ['<=', { answerInteger: 4 }, false],
  ] as const)('operator %s %j against an answer of 5 enables the item: %s', (operator, expected, enabled) => {
    const q = questionnaire([
      { linkId: 'n', type: 'integer' },
      { linkId: 'follow', type: 'string', enableWhen: [{ question: 'n', operator, ...expected }] },
    ]);
    const issues = validateQuestionnaireResponse(response([answer('n', { valueInteger: 5 }), answer('follow', { valueString: 'x' })]), q);
    expect(isValid(issues)).toBe(enabled);
  });

  it('compares codings by system and code', () => {
    const coding = { system: 'http://loinc.org', code: 'LA33-6' };
    const q = questionnaire([
      { linkId: 'c', type: 'choice', answerOption: [{ valueCoding: coding }, { valueCoding: { system: 'http://loinc.org', code: 'LA32-8' } }] },
      { linkId: 'why', type: 'string', enableWhen: [{ question: 'c', operator: '=', answerCoding: coding }] },
    ]);
    expect(validateQuestionnaireResponse(response([answer('c', { valueCoding: { ...coding, display: 'Yes' } }), answer('why', { valueString: 'x' })]), q)).toEqual([]);
  });

  it('treats an answer to a disabled question as absent for items depending on it', () => {
    const q = questionnaire([
      { linkId: 'a', type: 'boolean' },
      { linkId: 'b', type: 'boolean', enableWhen: [{ question: 'a', operator: '=', answerBoolean: true }] },
      { linkId: 'c', type: 'string', enableWhen: [{ question: 'b', operator: 'exists', answerBoolean: true }] },
    ]);
    const issues = validateQuestionnaireResponse(response([answer('a', { valueBoolean: false }), answer('b', { valueBoolean: true }), answer('c', { valueString: 'x' })]), q);
    expect(errors(issues).map((i) => i.expression)).toEqual([['QuestionnaireResponse.item[1]'], ['QuestionnaireResponse.item[2]']]);
  });

  it('uses the nearest occurrence inside a repeating group', () => {
    const q = questionnaire([
      {
        linkId: 'child',
        type: 'group',
        repeats: true,
        item: [
          { linkId: 'allergic', type: 'boolean' },
          { linkId: 'allergy', type: 'string', required: true, enableWhen: [{ question: 'allergic', operator: '=', answerBoolean: true }] },
        ],
      },
    ]);
    const group = (allergic: boolean, allergy?: string): QuestionnaireResponseItem => ({
      linkId: 'child',
      item: [answer('allergic', { valueBoolean: allergic }), ...(allergy ? [answer('allergy', { valueString: allergy })] : [])],
    });
    expect(validateQuestionnaireResponse(response([group(true, 'nuts'), group(false)]), q)).toEqual([]);
    const issues = validateQuestionnaireResponse(response([group(false), group(true)]), q);
    expect(errors(issues)).toEqual([expect.objectContaining({ code: 'required', expression: ['QuestionnaireResponse.item[1]'] })]);
  });
});

describe('repeats', () => {
  it('allows at most one answer to a question that does not repeat', () => {
    const issues = validateQuestionnaireResponse(response([answer('q', { valueString: 'a' }, { valueString: 'b' })]), questionnaire([{ linkId: 'q', type: 'string' }]));
    expect(errors(issues)).toEqual([expect.objectContaining({ code: 'structure', expression: ['QuestionnaireResponse.item[0].answer'] })]);
  });

  it('accepts several answers to a repeating question', () => {
    const q = questionnaire([{ linkId: 'q', type: 'string', repeats: true }]);
    expect(validateQuestionnaireResponse(response([answer('q', { valueString: 'a' }, { valueString: 'b' })]), q)).toEqual([]);
  });

  it('rejects the same question twice as separate items', () => {
    const issues = validateQuestionnaireResponse(response([answer('q', { valueString: 'a' }), answer('q', { valueString: 'b' })]), questionnaire([{ linkId: 'q', type: 'string', repeats: true }]));
    expect(errors(issues)).toEqual([expect.objectContaining({ expression: ['QuestionnaireResponse.item[1]'] })]);
  });
});

describe('answer types and ranges', () => {
  it.each([
    ['boolean', { valueString: 'yes' }],
    ['integer', { valueDecimal: 1.5 }],
    ['date', { valueDateTime: '2024-01-01T10:00:00Z' }],
    ['choice', { valueString: 'free text' }],
    ['reference', { valueUri: 'Patient/1' }],
  ])('rejects a wrong answer type for a %s item', (type, value) => {
    const issues = validateQuestionnaireResponse(response([answer('q', value)]), questionnaire([{ linkId: 'q', type }]));
    expect(errors(issues)).toEqual([expect.objectContaining({ code: 'value', diagnostics: expect.stringContaining('wrong type') })]);
  });

  it.each([
    ['date', { valueDate: '2024-02-30x' }],
    ['dateTime', { valueDateTime: '2024-02-03T10:00' }],
    ['time', { valueTime: '25:00:00' }],
    ['integer', { valueInteger: 2 ** 40 }],
  ])('rejects a badly formatted %s', (type, value) => {
    expect(isValid(validateQuestionnaireResponse(response([answer('q', value)]), questionnaire([{ linkId: 'q', type }])))).toBe(false);
  });

  const ranged = (type: string, min: Record<string, unknown>, max: Record<string, unknown>): QuestionnaireItem => ({
    linkId: 'q',
    type,
    extension: [
      { url: 'http://hl7.org/fhir/StructureDefinition/minValue', ...min },
      { url: 'http://hl7.org/fhir/StructureDefinition/maxValue', ...max },
    ],
  });

  it.each([
    ['integer', { valueInteger: 0 }, { valueInteger: 27 }, { valueInteger: 28 }, 'above'],
    ['integer', { valueInteger: 0 }, { valueInteger: 27 }, { valueInteger: -1 }, 'below'],
    ['decimal', { valueDecimal: 0.5 }, { valueDecimal: 2.5 }, { valueDecimal: 2.51 }, 'above'],
    ['date', { valueDate: '1900-01-01' }, { valueDate: '2024-12-31' }, { valueDate: '1899-12-31' }, 'below'],
  ])('rejects a %s outside its minValue/maxValue', (type, min, max, value, side) => {
    const issues = validateQuestionnaireResponse(response([answer('q', value)]), questionnaire([ranged(type, min, max)]));
    expect(errors(issues)).toEqual([expect.objectContaining({ code: 'value', diagnostics: expect.stringContaining(side) })]);
  });

  it('accepts a value on the boundary', () => {
    const q = questionnaire([ranged('integer', { valueInteger: 0 }, { valueInteger: 27 })]);
    expect(validateQuestionnaireResponse(response([answer('q', { valueInteger: 27 })]), q)).toEqual([]);
  });
});
