import { foldEvents } from '@hub/event-store';
import type { DomainError } from '@hub/service-kit/errors';
import { blockDecider, type BlockCommand, type OverrideBlock, type PlaceBlock } from './block.decider';
import type { BlockEvent } from './block.events';

const patientId = '7b0d3c9e-0d7e-4f7a-9d57-3f0f3c8f5e11';
const blockId = 'b0000000-0000-4000-8000-000000000001';
const at = '2026-11-01T10:00:00.000Z';
const UNIT = '200000000000002';
const placeCommand: PlaceBlock = { type: 'PlaceBlock', blockId, patientId, target: { kind: 'unit', value: UNIT }, validFrom: at, at, patientKnown: true, unitKnown: true };
const blocked: BlockEvent = { type: 'AccessBlocked', data: { blockId, patientId, target: { kind: 'unit', value: UNIT }, validFrom: at, recordedAt: at } };
const overrideCommand: OverrideBlock = { type: 'OverrideBlock', overrideId: 'o0000000-0000-4000-8000-000000000001', patientId, unitSor: UNIT, reason: 'vital-interest', validFrom: at, validTo: '2026-11-01T12:00:00.000Z', at };
const when = (given: BlockEvent[], c: BlockCommand) => blockDecider.decide(c, foldEvents(blockDecider, given));
const failure = (fn: () => unknown) => {
  try {
    fn();
  } catch (err) {
    return { code: (err as DomainError).code, locations: (err as DomainError).problems.map((p) => p.location) };
  }
  return undefined;
};

describe('block decider', () => {
  it('places a block on a unit', () => expect(when([], placeCommand)).toEqual([blocked]));

  it('places a sector block with a data period', () => {
    const events = when([], { ...placeCommand, target: { kind: 'sector', value: 'municipality' }, dataFrom: '2026-01-01T00:00:00.000Z', dataTo: '2026-06-01T00:00:00.000Z' });
    expect(events[0].data).toMatchObject({ target: { kind: 'sector', value: 'municipality' }, dataFrom: '2026-01-01T00:00:00.000Z', dataTo: '2026-06-01T00:00:00.000Z' });
  });

  it('names every problem: unknown unit, reversed validity and data periods', () => {
    const bad = failure(() => when([], { ...placeCommand, unitKnown: false, validTo: '2026-01-01T00:00:00.000Z', dataFrom: '2026-06-01T00:00:00.000Z', dataTo: '2026-01-01T00:00:00.000Z' }));
    expect(bad).toEqual({ code: 'validation', locations: ['target.value', 'period', 'dataPeriod'] });
  });

  it('refuses a bad SOR code, an unknown sector and a CPR number as a professional', () => {
    expect(failure(() => when([], { ...placeCommand, target: { kind: 'unit', value: '12-AB' } }))?.locations).toEqual(['target.value']);
    expect(failure(() => when([], { ...placeCommand, target: { kind: 'sector', value: 'pharmacy' } }))?.code).toBe('validation');
    expect(failure(() => when([], { ...placeCommand, target: { kind: 'professional', value: '010190-1234' } }))?.code).toBe('validation');
  });

  it('refuses an overlapping block on the same target, not after it was lifted', () => {
    const second = { ...placeCommand, blockId: 'b0000000-0000-4000-8000-000000000002' };
    expect(failure(() => when([blocked], second))?.code).toBe('conflict');
    const lifted: BlockEvent = { type: 'BlockLifted', data: { blockId, patientId, liftedAt: at } };
    expect(when([blocked, lifted], second)).toHaveLength(1);
  });

  it('lifts a block once', () => {
    const lift = { type: 'LiftBlock' as const, blockId, patientId, at };
    const lifted = when([blocked], lift);
    expect(lifted).toEqual([{ type: 'BlockLifted', data: { blockId, patientId, liftedAt: at } }]);
    expect(when([blocked, ...lifted], lift)).toEqual([]);
    expect(failure(() => when([], lift))?.code).toBe('not-found');
  });

  it('records an override with its reason; there must be a block, a known reason and at most 24 hours', () => {
    expect(when([blocked], overrideCommand)).toEqual([{ type: 'BlockOverridden', data: { overrideId: overrideCommand.overrideId, patientId, unitSor: UNIT, reason: 'vital-interest', validFrom: at, validTo: overrideCommand.validTo, recordedAt: at } }]);
    expect(failure(() => when([], overrideCommand))?.code).toBe('illegal-state');
    expect(failure(() => when([blocked], { ...overrideCommand, reason: 'curiosity' as never, validTo: '2026-11-03T00:00:00.000Z' }))?.locations).toEqual(['reason']);
    expect(failure(() => when([blocked], { ...overrideCommand, validTo: '2026-11-03T00:00:00.000Z' }))?.locations).toEqual(['period']);
  });

  it('refuses a block for an unregistered patient', () => expect(failure(() => when([], { ...placeCommand, patientKnown: false }))?.code).toBe('not-found'));
});
