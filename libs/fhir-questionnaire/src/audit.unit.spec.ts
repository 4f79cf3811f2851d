// Cases from auditing the validator against the intake issue's list (inline answerValueSet, enableWhen on
// unanswered questions, disabled groups, required items under answers, group repeats, lengths, versions):
// the places where Medplum and HAPI FHIR users have reported wrong verdicts.
import { isValid, validateQuestionnaireResponse, type OperationOutcomeIssue, type Questionnaire, type QuestionnaireItem, type QuestionnaireResponseItem } from './index';

const URL = 'http://example.org/Questionnaire/audit';
const SYSTEM = 'http://example.org/colours';
const questionnaire = (item: QuestionnaireItem[], extra: Partial<Questionnaire> = {}): Questionnaire => ({ resourceType: 'Questionnaire', url: URL, version: '2', status: 'active', item, ...extra });
const response = (item: QuestionnaireResponseItem[], extra: Record<string, unknown> = {}) => ({ resourceType: 'QuestionnaireResponse', questionnaire: `${URL}|2`, status: 'completed', item, ...extra });
const errors = (issues: OperationOutcomeIssue[]) => issues.filter((i) => i.severity === 'error' || i.severity === 'fatal');
const answer = (linkId: string, ...values: Record<string, unknown>[]): QuestionnaireResponseItem => ({ linkId, answer: values });
const coding = (code: string) => ({ valueCoding: { system: SYSTEM, code } });

describe('answerValueSet naming a contained ValueSet', () => {
  const withSet = (valueSet: Record<string, unknown>, type = 'choice') =>
    questionnaire([{ linkId: 'colour', type, answerValueSet: '#colours' }], { contained: [{ resourceType: 'ValueSet', id: 'colours', status: 'active', ...valueSet }] });
  const compose = { compose: { include: [{ system: SYSTEM, concept: [{ code: 'red' }, { code: 'green' }] }] } };
  const expansion = { expansion: { timestamp: '2026-01-01', contains: [{ system: SYSTEM, code: 'red' }, { system: SYSTEM, code: 'green' }] } };

  it.each([
    ['compose', compose],
    ['expansion', expansion],
  ])('accepts a member and rejects a non-member of an enumerated set (%s)', (_form, valueSet) => {
    expect(validateQuestionnaireResponse(response([answer('colour', coding('red'))]), withSet(valueSet))).toEqual([]);
    const issues = validateQuestionnaireResponse(response([answer('colour', coding('blue'))]), withSet(valueSet));
    expect(errors(issues)).toEqual([expect.objectContaining({ code: 'value', diagnostics: expect.stringContaining('not in value set #colours'), expression: ['QuestionnaireResponse.item[0].answer[0]'] })]);
  });

  it('still takes free text for open-choice', () => {
    expect(isValid(validateQuestionnaireResponse(response([answer('colour', { valueString: 'teal' })]), withSet(compose, 'open-choice')))).toBe(true);
  });

  it('only warns when the contained set needs a terminology server (a filter) or is missing', () => {
    const filtered = withSet({ compose: { include: [{ system: SYSTEM, filter: [{ property: 'concept', op: 'is-a', value: 'warm' }] }] } });
    const issues = validateQuestionnaireResponse(response([answer('colour', coding('blue'))]), filtered);
    expect(issues).toEqual([expect.objectContaining({ severity: 'warning', code: 'not-supported' })]);
    const missing = questionnaire([{ linkId: 'colour', type: 'choice', answerValueSet: '#nowhere' }]);
    expect(isValid(validateQuestionnaireResponse(response([answer('colour', coding('blue'))]), missing))).toBe(true);
  });
});

describe('enableWhen on a question that was not answered', () => {
  // questionnaire-enable-operator: exists tests presence; = needs an equal answer; != holds when no answer is equal.
  it.each([
    ['exists', { answerBoolean: false }, true],
    ['exists', { answerBoolean: true }, false],
    ['=', { answerInteger: 1 }, false],
    ['>', { answerInteger: 1 }, false],
    ['!=', { answerInteger: 1 }, true],
  ] as const)('operator %s %j: the dependent item is enabled: %s', (operator, expected, enabled) => {
    const q = questionnaire([
      { linkId: 'n', type: 'integer' },
      { linkId: 'follow', type: 'string', enableWhen: [{ question: 'n', operator, ...expected }] },
    ]);
    expect(isValid(validateQuestionnaireResponse(response([answer('follow', { valueString: 'x' })]), q))).toBe(enabled);
  });

  it('does not demand a required item that is disabled because its trigger is unanswered', () => {
    const q = questionnaire([
      { linkId: 'n', type: 'integer' },
      { linkId: 'follow', type: 'string', required: true, enableWhen: [{ question: 'n', operator: '=', answerInteger: 1 }] },
    ]);
    expect(validateQuestionnaireResponse(response([]), q)).toEqual([]);
  });

  it('finds a trigger nested in another group', () => {
    const q = questionnaire([
      { linkId: 'g1', type: 'group', item: [{ linkId: 'smokes', type: 'boolean' }] },
      { linkId: 'g2', type: 'group', item: [{ linkId: 'perDay', type: 'integer', enableWhen: [{ question: 'smokes', operator: '=', answerBoolean: true }] }] },
    ]);
    const body = (smokes: boolean) => response([{ linkId: 'g1', item: [answer('smokes', { valueBoolean: smokes })] }, { linkId: 'g2', item: [answer('perDay', { valueInteger: 5 })] }]);
    expect(validateQuestionnaireResponse(body(true), q)).toEqual([]);
    expect(errors(validateQuestionnaireResponse(body(false), q))).toEqual([expect.objectContaining({ expression: ['QuestionnaireResponse.item[1].item[0]'] })]);
  });
});

describe('nesting', () => {
  it('rejects a disabled group once, at the group, when its children were answered', () => {
    const q = questionnaire([
      { linkId: 'pain', type: 'boolean' },
      { linkId: 'where', type: 'group', enableWhen: [{ question: 'pain', operator: '=', answerBoolean: true }], item: [{ linkId: 'site', type: 'string', required: true }] },
    ]);
    const issues = validateQuestionnaireResponse(response([answer('pain', { valueBoolean: false }), { linkId: 'where', item: [answer('site', { valueString: 'back' })] }]), q);
    expect(errors(issues)).toEqual([expect.objectContaining({ code: 'business-rule', expression: ['QuestionnaireResponse.item[1]'] })]);
  });

  it('demands a required item under an answer (answer.item) of a finished response', () => {
    const q = questionnaire([{ linkId: 'med', type: 'string', item: [{ linkId: 'dose', type: 'integer', required: true }] }]);
    const issues = validateQuestionnaireResponse(response([{ linkId: 'med', answer: [{ valueString: 'ibuprofen', item: [] }] }]), q);
    expect(errors(issues)).toEqual([expect.objectContaining({ code: 'required', diagnostics: expect.stringContaining('dose'), expression: ['QuestionnaireResponse.item[0].answer[0]'] })]);
  });

  it('allows a repeating group several times, a non-repeating one only once', () => {
    const group = (repeats: boolean): QuestionnaireItem => ({ linkId: 'child', type: 'group', repeats, item: [{ linkId: 'name', type: 'string' }] });
    const twice = response([{ linkId: 'child', item: [answer('name', { valueString: 'a' })] }, { linkId: 'child', item: [answer('name', { valueString: 'b' })] }]);
    expect(validateQuestionnaireResponse(twice, questionnaire([group(true)]))).toEqual([]);
    expect(errors(validateQuestionnaireResponse(twice, questionnaire([group(false)])))).toEqual([expect.objectContaining({ diagnostics: expect.stringContaining('the group does not repeat') })]);
  });
});

describe('lengths and versions', () => {
  it('enforces maxLength and the minLength extension, counting characters, not bytes', () => {
    const q = questionnaire([{ linkId: 'q', type: 'string', maxLength: 3, extension: [{ url: 'http://hl7.org/fhir/StructureDefinition/minLength', valueInteger: 2 }] }]);
    expect(validateQuestionnaireResponse(response([answer('q', { valueString: 'æøå' })]), q)).toEqual([]);
    expect(errors(validateQuestionnaireResponse(response([answer('q', { valueString: 'abcd' })]), q))).toEqual([expect.objectContaining({ diagnostics: expect.stringContaining('maxLength 3') })]);
    expect(errors(validateQuestionnaireResponse(response([answer('q', { valueString: 'a' })]), q))).toEqual([expect.objectContaining({ diagnostics: expect.stringContaining('minLength 2') })]);
  });

  it('rejects a versioned reference to a questionnaire that has no version, or another version', () => {
    const { version: _v, ...unversioned } = questionnaire([]);
    expect(errors(validateQuestionnaireResponse(response([]), unversioned as Questionnaire))).toEqual([expect.objectContaining({ diagnostics: expect.stringContaining('(no version)') })]);
    expect(errors(validateQuestionnaireResponse(response([], { questionnaire: `${URL}|2.0` }), questionnaire([])))).toHaveLength(1);
  });
});
