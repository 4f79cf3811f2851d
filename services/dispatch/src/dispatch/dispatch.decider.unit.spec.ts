import { foldEvents } from '@hub/event-store';
import { DomainError } from '@hub/service-kit/errors';
import { dispatchDecider, type DispatchCommand, type DispatchQuestionnaire } from './dispatch.decider';
import type { DispatchEvent } from './dispatch.events';

const dispatchId = '0b6f7c2e-3f8a-4d0e-9a51-6c1d2e3f4a5b';
const patientId = '7b0d3c9e-0d7e-4f7a-9d57-3f0f3c8f5e11';
const notificationId = '5d1e3a4b-1c2d-4e5f-8a9b-0c1d2e3f4a5b';
const at = '2026-11-01T10:00:00.000Z';
const expiresAt = '2026-11-15T10:00:00.000Z';
const questionnaire = { url: 'http://pro-hub.dk/fhir/Questionnaire/pain-nrs', version: '1.0.0' };

const order = (overrides: Partial<DispatchQuestionnaire> = {}): DispatchCommand => ({
  type: 'DispatchQuestionnaire',
  dispatchId,
  patientId,
  unitSor: '1234567',
  questionnaire,
  at,
  expiresAt,
  patientKnown: true,
  treatmentConsent: true,
  patientErased: false,
  questionnairePublished: true,
  notificationId,
  channel: 'sms',
  ...overrides,
});

const dispatched: DispatchEvent = {
  type: 'QuestionnaireDispatched',
  data: { dispatchId, patientId, unitSor: '1234567', questionnaire, dispatchedAt: at, expiresAt },
};
const notified: DispatchEvent = {
  type: 'NotificationRequested',
  data: { notificationId, kind: 'new-questionnaire', patientId, channel: 'sms', linkId: dispatchId, requestedAt: at },
};
const remindAt = '2026-11-04T10:00:00.000Z';
const reminded: DispatchEvent = { type: 'ReminderDue', data: { dispatchId, remindedAt: remindAt } };
const answered: DispatchEvent = { type: 'DispatchAnswered', data: { dispatchId, responseId: notificationId, receivedAt: remindAt, late: false } };
const expired: DispatchEvent = { type: 'DispatchExpired', data: { dispatchId, expiresAt, expiredAt: expiresAt } };
const remind = (when = remindAt): DispatchCommand => ({ type: 'RemindPatient', dispatchId, notificationId: 'a1e3a4b5-1c2d-4e5f-8a9b-0c1d2e3f4a5b', at: when });
const expire = (when = expiresAt): DispatchCommand => ({ type: 'ExpireDispatch', dispatchId, at: when });

function when(given: DispatchEvent[], command: DispatchCommand): DispatchEvent[] {
  return dispatchDecider.decide(command, foldEvents(dispatchDecider, given));
}

function refusal(fn: () => unknown): DomainError {
  try {
    fn();
  } catch (err) {
    if (err instanceof DomainError) return err;
    throw err;
  }
  throw new Error('expected a refusal');
}

describe('dispatch decider: sending', () => {
  it('dispatches a published version to a known patient with treatment consent, and asks for a notification', () => {
    expect(when([], order())).toEqual([dispatched, notified]);
  });

  it('names the order and occurrence when the dispatch is an occurrence of an order; a one-off names none', () => {
    const ofOrder = { orderId: '9e8d7c6b-5a49-4382-9170-6f5e4d3c2b1a', occurrence: 2 };
    expect(when([], order({ order: ofOrder }))).toEqual([{ ...dispatched, data: { ...dispatched.data, order: ofOrder } }, notified]);
    expect(when([], order())[0].data).not.toHaveProperty('order');
  });

  it('the notification carries the patient id, channel and link id only: no questionnaire, no unit', () => {
    const [, notification] = when([], order());
    expect(Object.keys(notification.data).sort()).toEqual(['channel', 'kind', 'linkId', 'notificationId', 'patientId', 'requestedAt']);
  });

  it('a retried order has no second effect; a different order under the same id is refused', () => {
    expect(when([dispatched, notified], order({ at: '2026-11-01T10:00:05.000Z' }))).toEqual([]);
    expect(refusal(() => when([dispatched], order({ unitSor: '7654321' }))).code).toBe('illegal-state');
  });

  it('refuses an unknown patient as not found', () => {
    const err = refusal(() => when([], order({ patientKnown: false, treatmentConsent: false })));
    expect(err.code).toBe('not-found');
    expect(err.problems).toEqual([{ location: 'patientId', message: `patient ${patientId} is not known to dispatch` }]);
  });

  it('refuses an unknown questionnaire version as not found', () => {
    const err = refusal(() => when([], order({ questionnairePublished: false })));
    expect(err.code).toBe('not-found');
    expect(err.problems).toEqual([{ location: 'questionnaire', message: expect.stringContaining('pain-nrs|1.0.0 is not in the bank') }]);
  });

  it('names an unknown patient and an unknown version together', () => {
    const err = refusal(() => when([], order({ patientKnown: false, treatmentConsent: false, questionnairePublished: false })));
    expect(err.problems.map((p) => p.location)).toEqual(['patientId', 'questionnaire']);
  });

  it('refuses a known patient without treatment consent as an illegal state', () => {
    const err = refusal(() => when([], order({ treatmentConsent: false })));
    expect(err.code).toBe('illegal-state');
    expect(err.message).toMatch(/not consented to treatment/);
  });

  it('refuses an erased patient as an illegal state naming the erasure, and sends no notification', () => {
    const err = refusal(() => when([], order({ patientErased: true, treatmentConsent: false })));
    expect(err.code).toBe('illegal-state');
    expect(err.message).toBe(`patient ${patientId} has been erased; nothing may be dispatched to them`);
  });

  it('refuses a dispatch that would expire before it is sent', () => {
    expect(refusal(() => when([], order({ expiresAt: at }))).code).toBe('validation');
  });
});

describe('dispatch decider: reminder, answer, expiry', () => {
  it('reminds an unanswered dispatch once, on the channel of the first notification', () => {
    const [reminder, notification] = when([dispatched, notified], remind());
    expect(reminder).toEqual(reminded);
    expect(notification).toMatchObject({ type: 'NotificationRequested', data: { kind: 'reminder', channel: 'sms', linkId: dispatchId, patientId } });
  });

  it('refuses a second reminder for the same dispatch (a repeated tick has no effect)', () => {
    expect(when([dispatched, notified, reminded], remind('2026-11-05T10:00:00.000Z'))).toEqual([]);
  });

  it('reminds no one who has answered, and nothing that has expired', () => {
    expect(when([dispatched, notified, answered], remind())).toEqual([]);
    expect(when([dispatched, notified, expired], remind())).toEqual([]);
  });

  it('expires an unanswered dispatch at its expiry, once', () => {
    expect(when([dispatched, notified, reminded], expire())).toEqual([expired]);
    expect(when([dispatched, notified, expired], expire('2026-11-16T10:00:00.000Z'))).toEqual([]);
  });

  it('never expires an answered dispatch, and refuses to expire one early', () => {
    expect(when([dispatched, notified, answered], expire())).toEqual([]);
    expect(refusal(() => when([dispatched, notified], expire('2026-11-15T09:59:59.999Z'))).code).toBe('illegal-state');
  });

  it('records the first answer, late or not, and ignores a second', () => {
    const record: DispatchCommand = { type: 'RecordAnswer', dispatchId, responseId: notificationId, receivedAt: '2026-11-20T10:00:00.000Z', late: true };
    expect(when([dispatched, notified, expired], record)).toEqual([{ type: 'DispatchAnswered', data: { dispatchId, responseId: notificationId, receivedAt: '2026-11-20T10:00:00.000Z', late: true } }]);
    expect(when([dispatched, notified, answered], record)).toEqual([]);
  });

  it('refuses reminders, expiry and answers for a dispatch that does not exist', () => {
    expect(refusal(() => when([], remind())).code).toBe('not-found');
    expect(refusal(() => when([], expire())).code).toBe('not-found');
  });
});
