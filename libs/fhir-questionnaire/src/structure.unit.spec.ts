import { isValid, validateQuestionnaireResponse, type OperationOutcomeIssue, type Questionnaire, type QuestionnaireItem } from './index';

const URL = 'http://example.org/Questionnaire/intake';
const questionnaire = (item: QuestionnaireItem[]): Questionnaire => ({ resourceType: 'Questionnaire', url: URL, version: '3', status: 'active', item });
const response = (item: unknown[], extra: Record<string, unknown> = {}) => ({ resourceType: 'QuestionnaireResponse', questionnaire: `${URL}|3`, status: 'completed', item, ...extra });
const errors = (issues: OperationOutcomeIssue[]) => issues.filter((i) => i.severity === 'error' || i.severity === 'fatal');
const validate = (items: unknown[], q: QuestionnaireItem[]) => validateQuestionnaireResponse(response(items), questionnaire(q));

const grouped: QuestionnaireItem[] = [
  { linkId: 'about', type: 'group', item: [{ linkId: 'name', type: 'string', required: true }, { linkId: 'age', type: 'integer' }] },
  { linkId: 'done', type: 'boolean' },
];

describe('nesting and order', () => {
  it('accepts a well nested response', () => {
    expect(validate([{ linkId: 'about', item: [{ linkId: 'name', answer: [{ valueString: 'Ada' }] }] }, { linkId: 'done', answer: [{ valueBoolean: true }] }], grouped)).toEqual([]);
  });

  it('says where an item at the wrong level belongs', () => {
    const issues = validate([{ linkId: 'about', item: [{ linkId: 'name', answer: [{ valueString: 'Ada' }] }] }, { linkId: 'age', answer: [{ valueInteger: 3 }] }], grouped);
    expect(errors(issues)).toEqual([expect.objectContaining({ code: 'structure', diagnostics: expect.stringContaining('Questionnaire.item[0].item[1]'), expression: ['QuestionnaireResponse.item[1]'] })]);
  });

  it('rejects an unknown linkId', () => {
    expect(errors(validate([{ linkId: 'nope', answer: [{ valueString: 'x' }] }], grouped))).toEqual([expect.objectContaining({ code: 'not-found' })]);
  });

  it('rejects items out of questionnaire order', () => {
    const issues = validate([{ linkId: 'done', answer: [{ valueBoolean: true }] }, { linkId: 'about', item: [{ linkId: 'name', answer: [{ valueString: 'Ada' }] }] }], grouped);
    expect(errors(issues)).toEqual([expect.objectContaining({ diagnostics: expect.stringContaining('out of order'), expression: ['QuestionnaireResponse.item[1]'] })]);
  });

  it('rejects group children nested under answer', () => {
    const issues = validate([{ linkId: 'about', answer: [{ item: [{ linkId: 'name', answer: [{ valueString: 'Ada' }] }] }] }], grouped);
    expect(errors(issues).map((i) => i.code)).toEqual(['structure', 'required']);
  });

  it('validates children of a question under answer.item, and rejects them directly under item', () => {
    const q: QuestionnaireItem[] = [{ linkId: 'pain', type: 'boolean', item: [{ linkId: 'where', type: 'string', required: true }] }];
    expect(validate([{ linkId: 'pain', answer: [{ valueBoolean: true, item: [{ linkId: 'where', answer: [{ valueString: 'knee' }] }] }] }], q)).toEqual([]);
    const missing = validate([{ linkId: 'pain', answer: [{ valueBoolean: true }] }], q);
    expect(errors(missing)).toEqual([expect.objectContaining({ code: 'required', expression: ['QuestionnaireResponse.item[0].answer[0]'] })]);
    const misplaced = validate([{ linkId: 'pain', answer: [{ valueBoolean: true }], item: [{ linkId: 'where', answer: [{ valueString: 'knee' }] }] }], q);
    expect(errors(misplaced).map((i) => i.expression)).toEqual([['QuestionnaireResponse.item[0].item'], ['QuestionnaireResponse.item[0].answer[0]']]);
  });

  it('reports malformed JSON instead of throwing', () => {
    const issues = validateQuestionnaireResponse(response([{ answer: 'x' }, 42]), questionnaire(grouped));
    expect(issues.map((i) => i.expression?.[0])).toEqual(
      expect.arrayContaining(['QuestionnaireResponse.item[0].linkId', 'QuestionnaireResponse.item[0].answer', 'QuestionnaireResponse.item[1]']),
    );
    expect(isValid(validateQuestionnaireResponse(response([], { item: 'x' }), questionnaire(grouped)))).toBe(false);
  });
});

describe('answer options and value constraints', () => {
  it('accepts non-coding answerOptions and free text for open-choice', () => {
    const options = [{ valueInteger: 1 }, { valueInteger: 2 }];
    expect(validate([{ linkId: 'c', answer: [{ valueInteger: 2 }] }], [{ linkId: 'c', type: 'choice', answerOption: options }])).toEqual([]);
    expect(errors(validate([{ linkId: 'c', answer: [{ valueInteger: 3 }] }], [{ linkId: 'c', type: 'choice', answerOption: options }]))).toHaveLength(1);
    const open: QuestionnaireItem = { linkId: 'o', type: 'open-choice', answerOption: [{ valueCoding: { system: 's', code: 'a' } }] };
    expect(validate([{ linkId: 'o', answer: [{ valueString: 'something else' }] }], [open])).toEqual([]);
  });

  it('limits decimal places', () => {
    const item: QuestionnaireItem = { linkId: 'w', type: 'decimal', extension: [{ url: 'http://hl7.org/fhir/StructureDefinition/maxDecimalPlaces', valueInteger: 1 }] };
    expect(validate([{ linkId: 'w', answer: [{ valueDecimal: 70.5 }] }], [item])).toEqual([]);
    expect(errors(validate([{ linkId: 'w', answer: [{ valueDecimal: 70.25 }] }], [item]))).toHaveLength(1);
    expect(errors(validate([{ linkId: 'w', answer: [{ valueDecimal: 1e-7 }] }], [item]))).toHaveLength(1);
  });

  it('compares dateTimes as instants and against date limits at shared precision', () => {
    const item: QuestionnaireItem = { linkId: 't', type: 'dateTime', extension: [{ url: 'http://hl7.org/fhir/StructureDefinition/maxValue', valueDateTime: '2024-01-01T10:00:00Z' }] };
    expect(validate([{ linkId: 't', answer: [{ valueDateTime: '2024-01-01T11:30:00+02:00' }] }], [item])).toEqual([]);
    expect(errors(validate([{ linkId: 't', answer: [{ valueDateTime: '2024-01-01T10:30:00Z' }] }], [item]))).toHaveLength(1);
    const byDate: QuestionnaireItem = { linkId: 't', type: 'dateTime', extension: [{ url: 'http://hl7.org/fhir/StructureDefinition/minValue', valueDate: '2024-01-02' }] };
    expect(errors(validate([{ linkId: 't', answer: [{ valueDateTime: '2024-01-01T23:00:00Z' }] }], [byDate]))).toHaveLength(1);
  });

  it('checks attachment mimeType and size', () => {
    const item: QuestionnaireItem = {
      linkId: 'scan',
      type: 'attachment',
      extension: [
        { url: 'http://hl7.org/fhir/StructureDefinition/mimeType', valueCode: 'image/*' },
        { url: 'http://hl7.org/fhir/StructureDefinition/maxSize', valueDecimal: 3 },
      ],
    };
    expect(validate([{ linkId: 'scan', answer: [{ valueAttachment: { contentType: 'image/png', data: 'YWJj' } }] }], [item])).toEqual([]);
    const issues = validate([{ linkId: 'scan', answer: [{ valueAttachment: { contentType: 'application/pdf', data: 'YWJjZA==', size: 9 } }] }], [item]);
    expect(errors(issues).map((i) => i.diagnostics)).toEqual([expect.stringContaining('declares size 9'), expect.stringContaining('more than the maximum 3'), expect.stringContaining('application/pdf')]);
  });

  it('converts common UCUM units for min/maxQuantity and warns when it cannot', () => {
    const item = (code: string): QuestionnaireItem => ({
      linkId: 'h',
      type: 'quantity',
      extension: [{ url: 'http://hl7.org/fhir/uv/sdc/StructureDefinition/sdc-questionnaire-maxQuantity', valueQuantity: { value: 2, system: 'http://unitsofmeasure.org', code } }],
    });
    const height = (value: number, code: string) => [{ linkId: 'h', answer: [{ valueQuantity: { value, system: 'http://unitsofmeasure.org', code } }] }];
    expect(validate(height(180, 'cm'), [item('m')])).toEqual([]);
    expect(errors(validate(height(250, 'cm'), [item('m')]))).toHaveLength(1);
    const unknown = validate(height(6, '[ft_us]'), [item('m')]);
    expect(unknown).toEqual([expect.objectContaining({ severity: 'warning' })]);
  });
});

describe('what we cannot check is said, not failed', () => {
  it('warns about answerValueSet and FHIRPath expressions but stays valid', () => {
    const item: QuestionnaireItem = {
      linkId: 'c',
      type: 'choice',
      answerValueSet: 'http://example.org/ValueSet/x',
      extension: [{ url: 'http://hl7.org/fhir/uv/sdc/StructureDefinition/sdc-questionnaire-enableWhenExpression', valueExpression: { language: 'text/fhirpath', expression: 'true' } }],
    };
    const issues = validate([{ linkId: 'c', answer: [{ valueCoding: { system: 'x', code: 'y' } }] }], [item]);
    expect(isValid(issues)).toBe(true);
    expect(issues.map((i) => i.severity)).toEqual(['warning', 'warning']);
  });

  it('warns about enableWhen defects in the questionnaire itself', () => {
    const item: QuestionnaireItem = {
      linkId: 'x',
      type: 'string',
      enableWhen: [
        { question: 'ghost', operator: 'exists', answerBoolean: false },
        { question: 'x', operator: 'exists', answerBoolean: false },
      ],
    };
    const issues = validate([], [item]);
    expect(isValid(issues)).toBe(true);
    expect(issues.map((i) => i.expression?.[0])).toEqual(['Questionnaire.item[0]', 'Questionnaire.item[0].enableWhen[0]']);
  });

  it('warns when the response was authored outside the questionnaire effective period', () => {
    const q = { ...questionnaire([]), effectivePeriod: { start: '2024-01-01' } };
    const issues = validateQuestionnaireResponse(response([], { authored: '2023-12-31T23:00:00Z' }), q);
    expect(issues).toEqual([expect.objectContaining({ severity: 'warning', expression: ['QuestionnaireResponse.authored'] })]);
  });
});
