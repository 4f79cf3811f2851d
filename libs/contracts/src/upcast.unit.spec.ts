import { ContractViolation } from './validate';
import { upcastEvent } from './upcast';

const v1 = { indicator: 'response-rate', unitSor: '123456', numerator: 1, denominator: 4, asOf: '2026-11-01T10:00:00.000Z' };

describe('upcastEvent', () => {
  it('reads a ResponseRateChanged v1 as v2: rate from the counts, cumulative period ending at asOf', () => {
    expect(upcastEvent('ResponseRateChanged', 1, v1)).toEqual({
      schemaVersion: 2,
      data: { ...v1, rate: 0.25, period: { start: null, end: '2026-11-01T10:00:00.000Z' } },
    });
  });

  it('gives a v1 with no dispatches the rate null, as v2 producers write it, never 0 or NaN', () => {
    expect(upcastEvent('ResponseRateChanged', 1, { ...v1, numerator: 0, denominator: 0 }).data.rate).toBeNull();
  });

  it('passes current-version data through unchanged', () => {
    const v2 = { ...v1, rate: 0.25, period: { start: null, end: v1.asOf } };
    expect(upcastEvent('ResponseRateChanged', 2, v2)).toEqual({ schemaVersion: 2, data: v2 });
    expect(upcastEvent('ConsentGranted', 1, { patientId: '0d9c4a8e-5b1f-4c3a-9e2d-7f6a5b4c3d2e', purpose: 'quality', grantedAt: v1.asOf }).schemaVersion).toBe(1);
  });

  it('validates the old data against its own schema first, listing every problem', () => {
    const bad = () => upcastEvent('ResponseRateChanged', 1, { ...v1, numerator: -1, rate: 0.5 });
    expect(bad).toThrow(ContractViolation);
    expect(bad).toThrow(/v1 \/numerator must be >= 0/);
    expect(bad).toThrow(/v1 \/ must NOT have additional properties/);
  });

  it('validates the upcast result against the current schema: v1 counts that make no rate are refused', () => {
    expect(() => upcastEvent('ResponseRateChanged', 1, { ...v1, numerator: 5, denominator: 4 })).toThrow(/v2 \/rate must be <= 1/);
  });

  it('refuses unknown types and versions, including one newer than this build knows', () => {
    expect(() => upcastEvent('NoSuchEvent', 1, {})).toThrow(/unknown event type/);
    expect(() => upcastEvent('ResponseRateChanged', 3, v1)).toThrow(/unknown schema version 3 \(known: 1, 2\)/);
    expect(() => upcastEvent('ResponseRateChanged', Number.NaN, v1)).toThrow(/unknown schema version NaN/);
  });

  it('refuses a v1 PatientRegistered (clear CPR) instead of passing an unerasable CPR on; v2 needs an envelope', () => {
    const patientId = '0d9c4a8e-5b1f-4c3a-9e2d-7f6a5b4c3d2e';
    const clear = { patientId, cpr: '010190-1234', registeredAt: v1.asOf };
    expect(() => upcastEvent('PatientRegistered', 1, clear)).toThrow(ContractViolation);
    expect(() => upcastEvent('PatientRegistered', 1, clear)).toThrow(/clear CPR number .* cannot be upcast/);
    expect(() => upcastEvent('PatientRegistered', 2, clear)).toThrow(/v2 \/cpr must be object/);
    const envelope = { $enc: 'aes-256-gcm/v1', subject: patientId, kv: 1, iv: 'AAAAAAAAAAAAAAAA', ct: 'AAAA', tag: 'AAAAAAAAAAAAAAAAAAAAAA==' };
    expect(upcastEvent('PatientRegistered', 2, { ...clear, cpr: envelope }).data.cpr).toEqual(envelope);
  });

  it('reads a v2 PatientRegistered as v3 without a birth date (the CPR envelope cannot be opened here)', () => {
    const patientId = '0d9c4a8e-5b1f-4c3a-9e2d-7f6a5b4c3d2e';
    const envelope = { $enc: 'aes-256-gcm/v1', subject: patientId, kv: 1, iv: 'AAAAAAAAAAAAAAAA', ct: 'AAAA', tag: 'AAAAAAAAAAAAAAAAAAAAAA==' };
    const v2 = { patientId, cpr: envelope, registeredAt: v1.asOf };
    expect(upcastEvent('PatientRegistered', 2, v2)).toEqual({ schemaVersion: 3, data: v2 });
    expect(upcastEvent('PatientRegistered', 3, { ...v2, birthDate: '1990-01-01' }).data.birthDate).toBe('1990-01-01');
    expect(() => upcastEvent('PatientRegistered', 3, { ...v2, birthDate: '01-01-1990' })).toThrow(/v3 \/birthDate must match pattern/);
    expect(() => upcastEvent('PatientRegistered', 2, { ...v2, birthDate: '1990-01-01' })).toThrow(/v2 \/ must NOT have additional properties/);
  });

  it('reads a v1 QuestionnaireDispatched as a one-off v2 dispatch (no order); v2 may name its order', () => {
    const dispatched = {
      dispatchId: '11111111-2222-4333-8444-555555555555',
      patientId: '0d9c4a8e-5b1f-4c3a-9e2d-7f6a5b4c3d2e',
      unitSor: '123456',
      questionnaire: { url: 'urn:q', version: '1' },
      dispatchedAt: v1.asOf,
      expiresAt: '2026-11-15T10:00:00.000Z',
    };
    expect(upcastEvent('QuestionnaireDispatched', 1, dispatched)).toEqual({ schemaVersion: 2, data: dispatched });
    const order = { orderId: '22222222-3333-4444-8555-666666666666', occurrence: 0 };
    expect(upcastEvent('QuestionnaireDispatched', 2, { ...dispatched, order }).data.order).toEqual(order);
    expect(() => upcastEvent('QuestionnaireDispatched', 1, { ...dispatched, order })).toThrow(/v1 \/ must NOT have additional properties/);
    expect(() => upcastEvent('QuestionnaireDispatched', 2, { ...dispatched, order: { ...order, occurrence: -1 } })).toThrow(/v2 \/order\/occurrence must be >= 0/);
  });

  it('reads a v1 OrderStopped as v2 unchanged; only v2 may say the patient was erased', () => {
    const stopped = { orderId: '22222222-3333-4444-8555-666666666666', reason: 'consent-withdrawn', stoppedAt: v1.asOf, stoppedBy: 'consent-event:x' };
    expect(upcastEvent('OrderStopped', 1, stopped)).toEqual({ schemaVersion: 2, data: stopped });
    expect(upcastEvent('OrderStopped', 2, { ...stopped, reason: 'patient-erased' }).data.reason).toBe('patient-erased');
    expect(() => upcastEvent('OrderStopped', 1, { ...stopped, reason: 'patient-erased' })).toThrow(/v1 \/reason must be equal to one of the allowed values/);
  });

  it('reads v1 and v2 AccessDecided as v3 unchanged; only v2 on knows the identity kind and a basis, only v3 the order and dispatch kinds', () => {
    const decided = {
      accessId: '33333333-4444-4555-8666-777777777777',
      patientId: '0d9c4a8e-5b1f-4c3a-9e2d-7f6a5b4c3d2e',
      actor: { subject: 'doctor-1', role: 'clinician', orgSor: '123456' },
      purpose: 'treatment',
      resource: { kind: 'questionnaire-response', ids: ['r1'] },
      effect: 'permit',
      reason: 'care-relationship',
      obligations: ['log-access'],
      overridden: false,
      internalOnly: false,
      decidedAt: v1.asOf,
    };
    expect(upcastEvent('AccessDecided', 1, decided)).toEqual({ schemaVersion: 3, data: decided });
    const identity = { ...decided, purpose: 'quality', resource: { kind: 'identity' }, reason: 're-identification', basis: { kind: 'reidentification-request', id: '44444444-5555-4666-8777-888888888888' } };
    expect(upcastEvent('AccessDecided', 2, identity).data.basis).toEqual(identity.basis);
    expect(() => upcastEvent('AccessDecided', 1, { ...decided, resource: { kind: 'identity' } })).toThrow(/v1 \/resource\/kind must be equal to one of the allowed values/);
    expect(() => upcastEvent('AccessDecided', 1, { ...decided, basis: identity.basis })).toThrow(/v1 \/ must NOT have additional properties/);
    expect(() => upcastEvent('AccessDecided', 2, { ...identity, basis: { kind: 'reidentification-request', id: 'request 010190-1234' } })).toThrow(/v2 \/basis\/id must match format "uuid"/);
    const orderRead = { ...decided, resource: { kind: 'order', ids: ['55555555-6666-4777-8888-999999999999'] }, reason: 'ordering-unit' };
    expect(upcastEvent('AccessDecided', 3, orderRead)).toEqual({ schemaVersion: 3, data: orderRead });
    expect(() => upcastEvent('AccessDecided', 2, orderRead)).toThrow(/v2 \/resource\/kind must be equal to one of the allowed values/);
  });
});
