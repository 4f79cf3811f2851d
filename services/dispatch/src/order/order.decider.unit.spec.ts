import { foldEvents } from '@hub/event-store';
import type { OrderStopReason } from '@hub/contracts';
import { DomainError } from '@hub/service-kit/errors';
import { orderDecider, type IssueOccurrence, type OrderCommand, type PlaceOrder } from './order.decider';
import type { OrderEvent } from './order.events';

const orderId = '3c1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f';
const patientId = '7b0d3c9e-0d7e-4f7a-9d57-3f0f3c8f5e11';
const dispatchId = '0b6f7c2e-3f8a-4d0e-9a51-6c1d2e3f4a5b';
const at = '2026-11-01T10:00:00.000Z';
const questionnaire = { url: 'http://pro-hub.dk/fhir/Questionnaire/pain-nrs', version: '1.0.0' };

const place = (overrides: Partial<PlaceOrder> = {}): PlaceOrder => ({
  type: 'PlaceOrder',
  orderId,
  patientId,
  unitSor: '1234567',
  questionnaire,
  schedule: { kind: 'recurring', start: at, every: 14, count: 2 },
  reminderAfter: 'P3D',
  expiresAfter: 7,
  channel: 'digital-post',
  at,
  by: 'pathway:epilepsy-control',
  patientKnown: true,
  treatmentConsent: true,
  patientErased: false,
  questionnaireStatus: 'active',
  ...overrides,
});

const placed: OrderEvent = {
  type: 'OrderPlaced',
  data: {
    orderId,
    patientId,
    unitSor: '1234567',
    questionnaire,
    schedule: { kind: 'recurring', start: at, every: 'P14D', count: 2 },
    reminderAfter: 'P3D',
    expiresAfter: 'P7D',
    channel: 'digital-post',
    placedAt: at,
    placedBy: 'pathway:epilepsy-control',
  },
};

const issue = (occurrence: number, when: string, overrides: Partial<IssueOccurrence> = {}): OrderCommand => ({ type: 'IssueOccurrence', orderId, occurrence, dispatchId, treatmentConsent: true, patientErased: false, at: when, ...overrides });
const due0: OrderEvent = {
  type: 'QuestionnaireDue',
  data: { orderId, occurrence: 0, dispatchId, dueAt: at, issuedAt: at, remindAt: '2026-11-04T10:00:00.000Z', expiresAt: '2026-11-08T10:00:00.000Z' },
};

function when(given: OrderEvent[], command: OrderCommand): OrderEvent[] {
  return orderDecider.decide(command, foldEvents(orderDecider, given));
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

describe('order decider: placing', () => {
  it('places an order with its schedule normalised (days become ISO durations)', () => {
    expect(when([], place())).toEqual([placed]);
    expect(foldEvents(orderDecider, [placed]).next).toEqual({ occurrence: 0, dueAt: at });
  });

  it('a repeated order under the same id has no second effect; different content is refused', () => {
    expect(when([placed], place())).toEqual([]);
    expect(refusal(() => when([placed], place({ unitSor: '7654321' }))).code).toBe('illegal-state');
  });

  it('keeps the package reference for when packages can be ordered', () => {
    const [event] = when([], place({ package: { id: 'epilepsy', version: '2.0.0' } }));
    expect(event.data).toMatchObject({ package: { id: 'epilepsy', version: '2.0.0' } });
  });

  it('refuses reversed dates, zero intervals and a reminder after expiry, every problem at once', () => {
    const err = refusal(() => when([], place({ schedule: { kind: 'recurring', start: at, every: 0, until: '2026-10-01T00:00:00Z' }, reminderAfter: 'P10D', expiresAfter: 'P7D' })));
    expect(err.code).toBe('validation');
    expect(err.problems.map((p) => p.location)).toEqual(['schedule.every', 'schedule.until', 'reminderAfter']);
  });

  it('refuses negative or zero reminder and expiry periods', () => {
    const err = refusal(() => when([], place({ reminderAfter: 0, expiresAfter: -3 })));
    expect(err.problems.map((p) => p.location)).toEqual(['expiresAfter', 'reminderAfter']);
  });

  it('refuses a schedule whose every occurrence would already have expired', () => {
    const err = refusal(() => when([], place({ schedule: { kind: 'relative', pathwayDate: '2026-10-01T09:00:00Z', offsetDays: -7 } })));
    expect(err.problems[0].message).toMatch(/already have expired/);
  });

  it('names an unknown patient and an unknown version together (not found)', () => {
    const err = refusal(() => when([], place({ patientKnown: false, treatmentConsent: false, questionnaireStatus: 'unknown' })));
    expect(err.code).toBe('not-found');
    expect(err.problems.map((p) => p.location)).toEqual(['patientId', 'questionnaire']);
  });

  it('refuses a patient without treatment consent and a retired version together (illegal state)', () => {
    const err = refusal(() => when([], place({ treatmentConsent: false, questionnaireStatus: 'retired' })));
    expect(err.code).toBe('illegal-state');
    expect(err.problems.map((p) => p.message)).toEqual([expect.stringMatching(/not consented to treatment/), expect.stringMatching(/is retired/)]);
  });

  it('refuses an erased patient as an illegal state that names the erasure (not the consent it lost with it), with other problems', () => {
    const err = refusal(() => when([], place({ patientErased: true, treatmentConsent: false, questionnaireStatus: 'retired' })));
    expect(err.code).toBe('illegal-state');
    expect(err.problems).toEqual([
      { location: 'patientId', message: `patient ${patientId} has been erased; nothing may be ordered for them` },
      { location: 'questionnaire', message: expect.stringMatching(/is retired/) },
    ]);
  });
});

describe('order decider: occurrences', () => {
  it('issues a due occurrence with its reminder and expiry times', () => {
    expect(when([placed], issue(0, at))).toEqual([due0]);
  });

  it('issues nothing early, and nothing twice', () => {
    expect(refusal(() => when([placed], issue(0, '2026-11-01T09:59:59.999Z'))).code).toBe('illegal-state');
    expect(when([placed, due0], issue(0, at))).toEqual([]);
  });

  it('completes the order with its last occurrence', () => {
    const events = when([placed, due0], issue(1, '2026-11-15T10:00:00.000Z'));
    expect(events.map((e) => e.type)).toEqual(['QuestionnaireDue', 'OrderCompleted']);
    expect(events[1].data).toEqual({ orderId, occurrences: 2, completedAt: '2026-11-15T10:00:00.000Z' });
  });

  it('stops as patient-erased instead of sending when the patient was erased after the order was placed', () => {
    expect(when([placed, due0], issue(1, '2026-11-15T10:00:00.000Z', { patientErased: true, treatmentConsent: false }))).toEqual([
      { type: 'OrderStopped', data: { orderId, reason: 'patient-erased', stoppedAt: '2026-11-15T10:00:00.000Z', stoppedBy: 'system:scheduler' } },
    ]);
  });

  it('stops instead of sending when treatment consent has lapsed', () => {
    expect(when([placed], issue(0, at, { treatmentConsent: false }))).toEqual([
      { type: 'OrderStopped', data: { orderId, reason: 'consent-withdrawn', stoppedAt: at, stoppedBy: 'system:scheduler' } },
    ]);
  });
});

describe('order decider: stopping', () => {
  const stop = (reason: OrderStopReason): OrderCommand => ({ type: 'StopOrder', orderId, reason, at: '2026-11-02T00:00:00.000Z', by: 'consent' });
  const stopped: OrderEvent = { type: 'OrderStopped', data: { orderId, reason: 'care-ended', stoppedAt: '2026-11-02T00:00:00.000Z', stoppedBy: 'consent' } };

  it('stops an active order, once; a stopped order issues nothing more', () => {
    expect(when([placed, due0], stop('care-ended'))).toEqual([stopped]);
    expect(when([placed, due0, stopped], stop('unit-blocked'))).toEqual([]);
    expect(when([placed, stopped], issue(0, at))).toEqual([]);
  });

  it('stops an active or completed order for an erased patient (completed: its open dispatches’ reminders go), once', () => {
    const erased: OrderEvent = { type: 'OrderStopped', data: { orderId, reason: 'patient-erased', stoppedAt: '2026-11-02T00:00:00.000Z', stoppedBy: 'consent' } };
    expect(when([placed, due0], stop('patient-erased'))).toEqual([erased]);
    const completed: OrderEvent = { type: 'OrderCompleted', data: { orderId, occurrences: 1, completedAt: at } };
    expect(when([placed, due0, completed], stop('patient-erased'))).toEqual([erased]);
    expect(when([placed, due0, erased], stop('patient-erased'))).toEqual([]);
    expect(when([placed, erased], issue(0, at))).toEqual([]);
  });

  it('refuses to stop an order that does not exist', () => {
    expect(refusal(() => when([], stop('cancelled'))).code).toBe('not-found');
  });
});
