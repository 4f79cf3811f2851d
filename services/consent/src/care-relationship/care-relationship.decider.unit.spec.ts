import { foldEvents } from '@hub/event-store';
import type { DomainError } from '@hub/service-kit/errors';
import { careRelationshipDecider, type CareRelationshipCommand, type StartCareRelationship } from './care-relationship.decider';
import type { CareRelationshipEvent } from './care-relationship.events';

const patientId = '7b0d3c9e-0d7e-4f7a-9d57-3f0f3c8f5e11';
const relationshipId = 'c0000000-0000-4000-8000-000000000001';
const at = '2026-11-01T10:00:00.000Z';
const UNIT = '200000000000002';
const startCommand: StartCareRelationship = {
  type: 'StartCareRelationship',
  relationshipId,
  patientId,
  unitSor: UNIT,
  pathway: 'knee-rehabilitation',
  validFrom: '2026-11-01T00:00:00.000Z',
  at,
  patientKnown: true,
  unit: { sector: 'municipality' },
};
const started: CareRelationshipEvent = {
  type: 'CareRelationshipStarted',
  data: { relationshipId, patientId, unitSor: UNIT, sector: 'municipality', pathway: 'knee-rehabilitation', validFrom: '2026-11-01T00:00:00.000Z', recordedAt: at },
};
const when = (given: CareRelationshipEvent[], c: CareRelationshipCommand) => careRelationshipDecider.decide(c, foldEvents(careRelationshipDecider, given));
const codeOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (err) {
    return (err as DomainError).code;
  }
  return 'no error';
};

describe('care relationship decider', () => {
  it('starts a relationship with the unit’s sector from the register', () => expect(when([], startCommand)).toEqual([started]));

  it('refuses a reversed period, an unknown unit and an unknown patient, naming each', () => {
    expect(codeOf(() => when([], { ...startCommand, validTo: '2026-10-01T00:00:00.000Z' }))).toBe('validation');
    expect(() => when([], { ...startCommand, patientKnown: false, unit: undefined })).toThrow(/not registered; unit 200000000000002 is not in the organisation register/);
  });

  it('refuses an overlapping relationship with the same unit, but not with another unit or after the end', () => {
    const second = { ...startCommand, relationshipId: 'c0000000-0000-4000-8000-000000000002', validFrom: '2026-12-01T00:00:00.000Z' };
    expect(codeOf(() => when([started], second))).toBe('conflict');
    expect(when([started], { ...second, unitSor: '100000000000001', unit: { sector: 'hospital' } })).toHaveLength(1);
    const ended: CareRelationshipEvent = { type: 'CareRelationshipEnded', data: { relationshipId, patientId, unitSor: UNIT, validTo: '2026-12-01T00:00:00.000Z', recordedAt: at } };
    expect(when([started, ended], second)).toHaveLength(1);
  });

  it('ends a relationship once; an end before its start is refused', () => {
    const end = { type: 'EndCareRelationship' as const, relationshipId, patientId, validTo: '2027-01-01T00:00:00.000Z', at };
    const ended = when([started], end);
    expect(ended).toEqual([{ type: 'CareRelationshipEnded', data: { relationshipId, patientId, unitSor: UNIT, validTo: '2027-01-01T00:00:00.000Z', recordedAt: at } }]);
    expect(when([started, ...ended], end)).toEqual([]);
    expect(codeOf(() => when([started], { ...end, validTo: '2026-01-01T00:00:00.000Z' }))).toBe('validation');
    expect(codeOf(() => when([], end))).toBe('not-found');
  });
});
