import type { BlockOverridden, BlockTarget } from '@hub/contracts';
import { evolveBlocks, overlaps, periodProblems, type Block, type Override } from '@hub/access-policy';
import type { Decider } from '@hub/event-store';
import { DomainError, illegalState, validationError } from '@hub/service-kit/errors';
import { sorProblems } from '../organisation/sor';
import { blockPeriodProblems, targetProblems } from './block-checks';
import type { BlockEvent } from './block.events';

/** Overrides are for the situation at hand (an emergency, a consultation), never a standing permission. */
export const MAX_OVERRIDE_MS = 24 * 60 * 60 * 1000;

export interface PlaceBlock {
  type: 'PlaceBlock';
  blockId: string;
  patientId: string;
  target: BlockTarget;
  validFrom: string;
  validTo?: string;
  dataFrom?: string;
  dataTo?: string;
  at: string;
  /** Looked up by the handler. */
  patientKnown: boolean;
  unitKnown: boolean;
}

export interface LiftBlock {
  type: 'LiftBlock';
  blockId: string;
  patientId: string;
  at: string;
}

export interface OverrideBlock {
  type: 'OverrideBlock';
  overrideId: string;
  patientId: string;
  unitSor: string;
  professional?: string;
  reason: BlockOverridden['reason'];
  validFrom: string;
  validTo: string;
  at: string;
}

export type BlockCommand = PlaceBlock | LiftBlock | OverrideBlock;

export interface BlockState {
  blocks: Block[];
  overrides: Override[];
}

const sameTarget = (a: BlockTarget, b: BlockTarget) => a.kind === b.kind && a.value === b.value;

function place(c: PlaceBlock, state: BlockState): BlockEvent[] {
  if (!c.patientKnown) throw new DomainError('not-found', `patient ${c.patientId} is not registered`);
  const problems = [...targetProblems(c.target, c.unitKnown), ...blockPeriodProblems(c)];
  if (problems.length > 0) throw validationError('invalid block', problems);
  const clash = state.blocks.find((b) => b.liftedAt === undefined && sameTarget(b.target, c.target) && overlaps({ from: b.validFrom, to: b.validTo }, { from: c.validFrom, to: c.validTo }));
  if (clash) throw new DomainError('conflict', `block ${clash.blockId} already blocks ${c.target.kind} ${c.target.value} in an overlapping period`);
  const { blockId, patientId, target, validFrom, validTo, dataFrom, dataTo, at } = c;
  const optional = { ...(validTo ? { validTo } : {}), ...(dataFrom ? { dataFrom } : {}), ...(dataTo ? { dataTo } : {}) };
  return [{ type: 'AccessBlocked', data: { blockId, patientId, target: { kind: target.kind, value: target.value }, validFrom, ...optional, recordedAt: at } }];
}

function lift(c: LiftBlock, state: BlockState): BlockEvent[] {
  const block = state.blocks.find((b) => b.blockId === c.blockId);
  if (!block) throw new DomainError('not-found', `block ${c.blockId} does not exist for patient ${c.patientId}`);
  if (block.liftedAt !== undefined) return [];
  return [{ type: 'BlockLifted', data: { blockId: c.blockId, patientId: c.patientId, liftedAt: c.at } }];
}

function override(c: OverrideBlock, state: BlockState): BlockEvent[] {
  const problems = [
    ...sorProblems(c.unitSor, 'unitSor'),
    ...periodProblems({ from: c.validFrom, to: c.validTo }, 'period'),
    ...(['patient-consent', 'vital-interest'].includes(c.reason) ? [] : [{ location: 'reason', message: 'reason must be patient-consent or vital-interest' }]),
  ];
  if (problems.length === 0 && Date.parse(c.validTo) - Date.parse(c.validFrom) > MAX_OVERRIDE_MS) problems.push({ location: 'period', message: 'an override lasts at most 24 hours' });
  if (problems.length > 0) throw validationError('invalid override', problems);
  if (state.blocks.every((b) => b.liftedAt !== undefined)) throw illegalState(`patient ${c.patientId} has no block to override`);
  const { overrideId, patientId, unitSor, professional, reason, validFrom, validTo, at } = c;
  return [{ type: 'BlockOverridden', data: { overrideId, patientId, unitSor, ...(professional ? { professional } : {}), reason, validFrom, validTo, recordedAt: at } }];
}

export const blockDecider: Decider<BlockCommand, BlockState, BlockEvent> = {
  initialState: () => ({ blocks: [], overrides: [] }),
  decide(command, state) {
    switch (command.type) {
      case 'PlaceBlock':
        return place(command, state);
      case 'LiftBlock':
        return lift(command, state);
      case 'OverrideBlock':
        return override(command, state);
      default: {
        const _exhaustive: never = command;
        return _exhaustive;
      }
    }
  },
  // The same fold the access decision reads blocks with (libs/access-policy), so the two cannot drift apart.
  evolve: evolveBlocks,
};
