import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { Pool } from 'pg';
import type { BlockOverridden } from '@hub/contracts';
import { POOL } from '@hub/service-kit';
import { runCommand } from '../consent-store';
import { findOrganisation } from '../organisation/organisation.table';
import { isRegistered } from '../patient/patient.index';
import { blockDecider } from './block.decider';
import type { PlaceBlockDto } from './block.dto';
import { blocksStreamId } from './block.events';

const DEFAULT_OVERRIDE_MS = 4 * 60 * 60 * 1000;

@Injectable()
export class BlockCommands {
  constructor(@Inject(POOL) private readonly pool: Pool) {}

  async place(patientId: string, body: PlaceBlockDto, at: string): Promise<{ blockId: string }> {
    const unitKnown = body.target.kind === 'unit' ? (await findOrganisation(this.pool, body.target.value)) !== undefined : true;
    const blockId = randomUUID();
    const patientKnown = await isRegistered(this.pool, patientId);
    await runCommand(this.pool, blocksStreamId(patientId), blockDecider, { type: 'PlaceBlock', blockId, patientId, ...body, validFrom: body.validFrom ?? at, at, patientKnown, unitKnown });
    return { blockId };
  }

  async lift(patientId: string, blockId: string, at: string): Promise<void> {
    await runCommand(this.pool, blocksStreamId(patientId), blockDecider, { type: 'LiftBlock', blockId, patientId, at });
  }

  async override(patientId: string, o: { unitSor: string; professional: string; reason: BlockOverridden['reason']; validTo?: string }, at: string): Promise<{ overrideId: string; validTo: string }> {
    const overrideId = randomUUID();
    const validTo = o.validTo ?? new Date(Date.parse(at) + DEFAULT_OVERRIDE_MS).toISOString();
    await runCommand(this.pool, blocksStreamId(patientId), blockDecider, { type: 'OverrideBlock', overrideId, patientId, ...o, validFrom: at, validTo, at });
    return { overrideId, validTo };
  }
}
