import fc from 'fast-check';
import { findCprLike } from '@hub/messaging';
import { throwawayEnvelope } from '@hub/testing';
import { minimiseAnswers } from './minimise';

const qr = (item: unknown[]) => ({ resourceType: 'QuestionnaireResponse', status: 'completed', item });
const LOINC = 'http://loinc.org';

describe('minimiseAnswers', () => {
  it('keeps integers, decimals, booleans and codes with their system', () => {
    const out = minimiseAnswers(
      qr([
        { linkId: 'pain', answer: [{ valueInteger: 7 }] },
        { linkId: 'weight', answer: [{ valueDecimal: 72.5 }] },
        { linkId: 'smoker', answer: [{ valueBoolean: false }] },
        { linkId: 'mobility', answer: [{ valueCoding: { system: LOINC, code: 'LA6111-4', display: 'Some problems' } }] },
      ]),
    );
    expect(out).toEqual([
      { linkId: 'pain', integer: 7 },
      { linkId: 'weight', decimal: 72.5 },
      { linkId: 'smoker', boolean: false },
      { linkId: 'mobility', code: 'LA6111-4', system: LOINC },
    ]);
  });

  it('drops free text, attachments, references, dates and quantities', () => {
    const out = minimiseAnswers(
      qr([
        { linkId: 'comment', answer: [{ valueString: 'I feel worse since Tuesday' }] },
        { linkId: 'photo', answer: [{ valueAttachment: { contentType: 'image/png', data: 'iVBORw0KGgo=' } }] },
        { linkId: 'gp', answer: [{ valueReference: { reference: 'Practitioner/123', display: 'Dr. Hansen' } }] },
        { linkId: 'since', answer: [{ valueDate: '2026-10-01' }, { valueDateTime: '2026-10-01T08:00:00Z' }, { valueTime: '08:00:00' }] },
        { linkId: 'site', answer: [{ valueUri: 'https://example.org/me' }, { valueQuantity: { value: 3, unit: 'kg' } }] },
      ]),
    );
    expect(out).toEqual([]);
  });

  it('drops free text that intake encrypted (an envelope in place of the value), keeping the coded answers beside it', () => {
    const sealed = throwawayEnvelope('7b0d3c9e-0d7e-4f7a-9d57-3f0f3c8f5e11', 'I feel worse since Tuesday');
    const out = minimiseAnswers(
      qr([
        { linkId: 'pain', answer: [{ valueInteger: 4 }] },
        { linkId: 'comment', answer: [{ valueString: sealed }] },
        { linkId: 'photo', answer: [{ valueAttachment: sealed }] },
      ]),
    );
    expect(out).toEqual([{ linkId: 'pain', integer: 4 }]);
  });

  it('never copies a CPR number typed into a string answer or a Coding.display', () => {
    const out = minimiseAnswers(
      qr([
        { linkId: 'note', answer: [{ valueString: 'mit cpr er 010190-1234' }] },
        { linkId: 'who', answer: [{ valueCoding: { system: LOINC, code: 'LA1', display: 'patient 0101901234' } }] },
      ]),
    );
    expect(out).toEqual([{ linkId: 'who', code: 'LA1', system: LOINC }]);
    expect(JSON.stringify(out)).not.toMatch(/010190/);
  });

  it('drops a kept value whose text is CPR-like (a number, a code)', () => {
    const out = minimiseAnswers(
      qr([
        { linkId: 'number', answer: [{ valueInteger: 1212901234 }] },
        { linkId: 'code', answer: [{ valueCoding: { code: '0101901234' } }] },
        { linkId: 'ok', answer: [{ valueInteger: 12 }] },
      ]),
    );
    expect(out).toEqual([{ linkId: 'ok', integer: 12 }]);
  });

  it('keeps every answer of an item with several, and a zero or false answer is still an answer', () => {
    const out = minimiseAnswers(
      qr([
        { linkId: 'symptoms', answer: [{ valueCoding: { code: 'a' } }, { valueCoding: { code: 'b', system: 'urn:oid:1.2.208.176' } }] },
        { linkId: 'score', answer: [{ valueInteger: 0 }, { valueDecimal: -0.5 }, { valueBoolean: false }] },
      ]),
    );
    expect(out).toEqual([
      { linkId: 'symptoms', code: 'a' },
      { linkId: 'symptoms', code: 'b', system: 'urn:oid:1.2.208.176' },
      { linkId: 'score', integer: 0 },
      { linkId: 'score', decimal: -0.5 },
      { linkId: 'score', boolean: false },
    ]);
  });

  it('drops an answer whose linkId is CPR-like or is not a string, keeping its nested answers', () => {
    const out = minimiseAnswers(
      qr([
        { linkId: '010190-1234', answer: [{ valueInteger: 1 }] },
        { linkId: 42, answer: [{ valueInteger: 2, item: [{ linkId: 'nested', answer: [{ valueBoolean: true }] }] }] },
      ]),
    );
    expect(out).toEqual([{ linkId: 'nested', boolean: true }]);
  });

  it('drops linkIds and codes that are not code-like (spaces, letters outside ASCII): they could be names or prose', () => {
    const out = minimiseAnswers(
      qr([
        { linkId: 'Karen Sørensen', answer: [{ valueInteger: 1 }] },
        { linkId: 'Nørrebrogade', answer: [{ valueInteger: 2 }] },
        { linkId: 'ok', answer: [{ valueCoding: { code: 'ring til min datter' } }, { valueCoding: { code: 'Å' } }, { valueCoding: { code: 'LA6111-4' } }] },
      ]),
    );
    expect(out).toEqual([{ linkId: 'ok', code: 'LA6111-4' }]);
  });

  it('keeps the code but drops a system that is not a URI', () => {
    const out = minimiseAnswers(qr([{ linkId: 'x', answer: [{ valueCoding: { system: 'my own words', code: 'a' } }, { valueCoding: { system: '', code: 'b' } }] }]));
    expect(out).toEqual([
      { linkId: 'x', code: 'a' },
      { linkId: 'x', code: 'b' },
    ]);
  });

  it('drops a code system that carries a CPR number, with its answer', () => {
    expect(minimiseAnswers(qr([{ linkId: 'x', answer: [{ valueCoding: { system: 'urn:patient:0101901234', code: 'a' } }] }]))).toEqual([]);
  });

  it('walks nested items under items and under answers, in document order', () => {
    const out = minimiseAnswers(
      qr([
        {
          linkId: 'group',
          item: [
            { linkId: 'g.1', answer: [{ valueBoolean: true, item: [{ linkId: 'g.1.detail', answer: [{ valueInteger: 3 }, { valueString: 'why' }] }] }] },
            { linkId: 'g.2', item: [{ linkId: 'g.2.1', answer: [{ valueCoding: { code: 'x' } }] }] },
          ],
        },
      ]),
    );
    expect(out).toEqual([
      { linkId: 'g.1', boolean: true },
      { linkId: 'g.1.detail', integer: 3 },
      { linkId: 'g.2.1', code: 'x' },
    ]);
  });

  it('tolerates malformed shapes without throwing', () => {
    expect(minimiseAnswers(null)).toEqual([]);
    expect(minimiseAnswers({ item: 'x' })).toEqual([]);
    expect(minimiseAnswers(qr([null, 3, { answer: [{ valueInteger: 1 }] }, { linkId: 'n', answer: [{ valueInteger: 1.5 }, { valueDecimal: Number.NaN }] }]))).toEqual([]);
    expect(minimiseAnswers(qr([{ linkId: 'c', answer: [{ valueCoding: { code: 'x'.repeat(65) } }, { valueCoding: { display: 'no code' } }] }]))).toEqual([]);
  });
});

describe('minimiseAnswers, for any response', () => {
  // Free text is tagged so its presence in the output can be detected, and salted with CPR numbers.
  const cpr = fc
    .tuple(fc.integer({ min: 1, max: 28 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 0, max: 99 }), fc.integer({ min: 0, max: 9999 }), fc.constantFrom('', '-', ' '))
    .map(([d, m, y, s, sep]) => `${String(d).padStart(2, '0')}${String(m).padStart(2, '0')}${String(y).padStart(2, '0')}${sep}${String(s).padStart(4, '0')}`);
  const freeText = fc.tuple(fc.string(), fc.option(cpr, { nil: undefined })).map(([text, id]) => `FREETEXT<${text}${id ?? ''}>`);
  const anyString = fc.oneof(fc.string(), cpr, fc.stringMatching(/^[A-Z0-9-]{1,12}$/));
  const answerValue = fc.oneof(
    fc.record({ valueString: freeText }),
    fc.record({ valueText: freeText }),
    fc.record({ valueAttachment: fc.record({ title: freeText, data: fc.base64String() }) }),
    fc.record({ valueReference: fc.record({ reference: anyString, display: freeText }) }),
    fc.record({ valueDate: fc.constant('2026-11-01') }),
    fc.record({ valueInteger: fc.oneof(fc.integer(), fc.integer({ min: 1_000_000_000, max: 3_112_999_999 })) }),
    fc.record({ valueDecimal: fc.double() }),
    fc.record({ valueBoolean: fc.boolean() }),
    fc.record({ valueCoding: fc.record({ code: anyString, system: anyString, display: freeText }, { requiredKeys: [] }) }),
  );
  const item = fc.letrec((tie) => ({
    item: fc.record(
      {
        linkId: anyString,
        text: freeText,
        answer: fc.array(fc.tuple(answerValue, fc.array(tie('item'), { maxLength: 2 })).map(([v, children]) => ({ ...v, item: children })), { maxLength: 3 }),
        item: fc.array(tie('item'), { maxLength: 2 }),
      },
      { requiredKeys: ['linkId'] },
    ),
  })).item;

  it('never outputs a CPR-like value nor any free text', () => {
    fc.assert(
      fc.property(fc.array(item, { maxLength: 4 }), (items) => {
        const out = minimiseAnswers(qr(items));
        expect(findCprLike(out)).toBeUndefined();
        expect(JSON.stringify(out)).not.toContain('FREETEXT<');
        for (const a of out) expect(Object.keys(a).every((k) => ['linkId', 'integer', 'decimal', 'boolean', 'code', 'system'].includes(k))).toBe(true);
      }),
      { numRuns: 500 },
    );
  });
});
