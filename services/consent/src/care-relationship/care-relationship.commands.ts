import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { Pool } from 'pg';
import { POOL } from '@hub/service-kit';
import { runCommand } from '../consent-store';
import { findOrganisation } from '../organisation/organisation.table';
import { isRegistered } from '../patient/patient.index';
import { careRelationshipDecider } from './care-relationship.decider';
import { careRelationshipsStreamId } from './care-relationship.events';
import type { StartCareRelationshipDto } from './care-relationship.dto';

@Injectable()
export class CareRelationshipCommands {
  constructor(@Inject(POOL) private readonly pool: Pool) {}

  async start(patientId: string, body: StartCareRelationshipDto, at: string): Promise<{ relationshipId: string }> {
    const [patientKnown, unit] = await Promise.all([isRegistered(this.pool, patientId), findOrganisation(this.pool, body.unitSor)]);
    const relationshipId = randomUUID();
    await runCommand(this.pool, careRelationshipsStreamId(patientId), careRelationshipDecider, {
      type: 'StartCareRelationship',
      relationshipId,
      patientId,
      ...body,
      at,
      patientKnown,
      unit: unit ? { sector: unit.sector } : undefined,
    });
    return { relationshipId };
  }

  async end(patientId: string, relationshipId: string, validTo: string, at: string): Promise<void> {
    await runCommand(this.pool, careRelationshipsStreamId(patientId), careRelationshipDecider, { type: 'EndCareRelationship', relationshipId, patientId, validTo, at });
  }
}
