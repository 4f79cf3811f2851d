import fc from 'fast-check';
import type { QuestionnaireResponseAccepted, QuestionnaireResponseScored } from '@hub/contracts';
import { findCprLike } from '@hub/messaging';
import type { PatientInDomain } from '../domains/pseudonym-domains';
import { recordRefFor } from '../domains/domain-keys';
import { pseudonymFor } from './pseudonym';
import { toQualityResponseRecorded, toQualityScoreRecorded, type DoorFacts } from './quality-record';

/**
 * For any response a patient (or a broken client) can send, nothing a person wrote leaves through the door: no
 * CPR number in any format, and none of the injected names, addresses or free texts, wherever in the response
 * they were put (answers, displays, linkIds, codes, systems, item texts, the subject).
 */

const key = Buffer.alloc(32, 3);
const patientId = '7b0d3c9e-0d7e-4f7a-9d57-3f0f3c8f5e11';
const patient: PatientInDomain = { domain: 'quality', pseudonym: pseudonymFor(key, patientId), ref: (kind, id) => recordRefFor(key, kind, id) };
const facts: DoorFacts = { unit: { sector: 'municipality', region: 'Hovedstaden' }, birthDate: '1948-02-29' };

const two = (n: number) => String(n).padStart(2, '0');
/** CPR numbers in every way people write them: 0101901234, 010190-1234, 010190 1234. */
const cpr = fc
  .tuple(fc.integer({ min: 1, max: 28 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 0, max: 99 }), fc.integer({ min: 0, max: 9999 }), fc.constantFrom('', '-', ' '))
  .map(([d, m, y, s, sep]) => `${two(d)}${two(m)}${two(y)}${sep}${String(s).padStart(4, '0')}`);
const name = fc.tuple(fc.constantFrom('Karen', 'Jens', 'Søren', 'Ærø', 'Mette-Marie'), fc.constantFrom('Sørensen', 'Østergaard', 'Hansen Å')).map(([first, last]) => `${first} ${last}`);
const address = fc.tuple(fc.constantFrom('Nørrebrogade', 'Åboulevarden', 'Vester Allé'), fc.integer({ min: 1, max: 300 }), fc.constantFrom('2200 København N', '8000 Aarhus C')).map(([street, no, city]) => `${street} ${no}, ${city}`);
/** Free text is tagged so that any part of it surviving is visible; it may hold a CPR number or a name too. */
const freeText = fc.tuple(fc.string({ maxLength: 20 }), fc.option(fc.oneof(cpr, name), { nil: '' })).map(([text, extra]) => `FREETEXT<${text} ${extra}>`);
const injected = fc.oneof(cpr, name, address, freeText);

/** Codes and linkIds as questionnaires have them, which may leave. */
const codeLike = fc.stringMatching(/^[a-z][a-z0-9.-]{0,10}$/);
const linkId = fc.oneof(codeLike, injected);
const code = fc.oneof(codeLike, injected);
const system = fc.oneof(fc.constant('http://loinc.org'), injected);

const answerValue = fc.oneof(
  fc.record({ valueString: injected }),
  fc.record({ valueText: injected }),
  fc.record({ valueCoding: fc.record({ system, code, display: injected }, { requiredKeys: ['code'] }) }),
  fc.record({ valueReference: fc.record({ reference: injected, display: injected }) }),
  fc.record({ valueAttachment: fc.record({ title: injected, data: fc.base64String({ maxLength: 12 }) }) }),
  fc.record({ valueInteger: fc.oneof(fc.integer({ min: -100, max: 100 }), fc.integer({ min: 101_000_000, max: 3_112_999_999 })) }),
  fc.record({ valueDecimal: fc.double({ noNaN: true }) }),
  fc.record({ valueBoolean: fc.boolean() }),
);

const item = fc.letrec((tie) => ({
  item: fc.record(
    {
      linkId,
      text: injected,
      answer: fc.array(fc.tuple(answerValue, fc.array(tie('item'), { maxLength: 2 })).map(([v, children]) => ({ ...v, item: children })), { maxLength: 3 }),
      item: fc.array(tie('item'), { maxLength: 2 }),
    },
    { requiredKeys: ['linkId'] },
  ),
})).item;

const response = fc.record({ subjectDisplay: injected, note: injected, items: fc.array(item, { maxLength: 4 }) });

/** Every injected string has one of these shapes (a CPR number, words with spaces, tagged free text) and nothing else does. */
const INJECTED = /^\d{6}[- ]?\d{4}$|\s|FREETEXT</;

/** Every string the generator injected anywhere in a value (to look for it in the records afterwards). */
function injectedStrings(value: unknown, out: string[] = []): string[] {
  if (typeof value === 'string' && INJECTED.test(value)) out.push(value);
  else if (Array.isArray(value)) value.forEach((v) => injectedStrings(v, out));
  else if (value && typeof value === 'object') Object.values(value).forEach((v) => injectedStrings(v, out));
  return out;
}

function acceptedWith(generated: { subjectDisplay: string; note: string; items: unknown[] }): QuestionnaireResponseAccepted {
  return {
    responseId: '22222222-3333-4444-8555-666666666666',
    dispatchId: '11111111-2222-4333-8444-555555555555',
    patientId,
    unitSor: '123456789',
    questionnaire: { url: 'http://pro-hub.dk/fhir/Questionnaire/x', version: '1.0.0' },
    authored: '2026-11-03T10:00:00Z',
    receivedAt: '2026-11-03T10:05:00.000Z',
    late: false,
    response: {
      resourceType: 'QuestionnaireResponse',
      subject: { reference: `Patient/${patientId}`, display: generated.subjectDisplay },
      text: { div: generated.note },
      item: generated.items,
    },
  };
}

describe('no quality record carries what a person wrote', () => {
  it('a response record holds no CPR-like value and none of the injected strings, for any response', () => {
    fc.assert(
      fc.property(response, (generated) => {
        const record = toQualityResponseRecorded(acceptedWith(generated), 1, facts, patient, '0d9c4a8e-5b1f-4c3a-9e2d-7f6a5b4c3d2e');
        const text = JSON.stringify(record);
        expect(findCprLike(record)).toBeUndefined();
        const strings = injectedStrings(generated);
        expect(strings.length).toBeGreaterThan(0); // the check below is not vacuous
        for (const s of strings) expect(text).not.toContain(s);
        expect(text).not.toContain('FREETEXT<');
      }),
      { numRuns: 400 },
    );
  });

  it('a score record holds no band display, triage reason or other prose, for any scoring', () => {
    const score = fc.record({ name: codeLike, value: fc.integer({ min: 0, max: 100 }), band: fc.option(fc.record({ code: codeLike, display: injected }), { nil: undefined }) }, { requiredKeys: ['name', 'value'] });
    fc.assert(
      fc.property(fc.array(score, { maxLength: 5 }), fc.array(injected, { maxLength: 3 }), (scores, reasons) => {
        const event: QuestionnaireResponseScored = {
          ...acceptedWith({ subjectDisplay: '', note: '', items: [] }),
          responseVersion: 1,
          package: { id: 'pkg', version: '1.0.0' },
          scores: scores.map((s) => (s.band ? s : { name: s.name, value: s.value })),
          notComputed: [],
          triage: { colour: 'yellow', reasons: reasons.map((text) => ({ rule: 'r', colour: 'yellow', text })) },
          scoredAt: '2026-11-03T10:05:00.000Z',
        };
        const text = JSON.stringify(toQualityScoreRecorded(event, facts, patient, '0d9c4a8e-5b1f-4c3a-9e2d-7f6a5b4c3d2e'));
        for (const s of [...reasons, ...scores.flatMap((x) => (x.band ? [x.band.display] : []))]) expect(text).not.toContain(s);
        expect(text).not.toContain('FREETEXT<');
      }),
      { numRuns: 200 },
    );
  });
});
