import { Controller, Get, Inject, Param, ParseUUIDPipe, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Pool } from 'pg';
import { accessStateAsOf, decideAccess, type Actor } from '@hub/access-policy';
import { ConsentReadAccess } from './consent-read-access';
import { CurrentActor, POOL, Roles, validationError } from '@hub/service-kit';
import { AccessDecisionQueryDto } from './access-decision.dto';
import { readAccessEvents } from './patient-access.reader';

@ApiTags('access decisions')
@Controller()
export class AccessDecisionController {
  constructor(
    @Inject(POOL) private readonly pool: Pool,
    private readonly consentReads: ConsentReadAccess,
  ) {}

  /** Folds the patient's events known at `asOf` and runs the same decision function intake uses. */
  @Get('access-decisions')
  @Roles('auditor', 'administrator')
  @ApiOperation({ summary: 'What the decision was (or would be) for an actor at an instant, from the events' })
  @ApiOkResponse({ description: '{ decision, at, asOf }' })
  async decide(@Query() q: AccessDecisionQueryDto) {
    const at = q.at ?? new Date().toISOString();
    const asOf = q.asOf ?? at;
    const patientId = q.patient.toLowerCase();
    const state = accessStateAsOf(await readAccessEvents(this.pool, patientId), asOf);
    const actor: Actor = { subject: q.subject ?? `${q.role}@${q.org}`, role: q.role, orgSor: q.org, ...(q.project ? { projectId: q.project } : {}) };
    const decision = decideAccess(state, { actor, patientId, purpose: q.purpose ?? 'treatment', data: { kind: q.kind ?? 'questionnaire-response' }, at });
    return { patientId, actor, at, asOf, decision };
  }

  @Get('patients/:patientId/access-state')
  @Roles('patient', 'clinician')
  @ApiOperation({ summary: 'The patient’s care relationships, blocks, overrides and consents (as of an instant); decided and logged' })
  async state(@Param('patientId', new ParseUUIDPipe()) patientId: string, @CurrentActor() actor: Actor, @Query('asOf') asOf?: string) {
    if (asOf !== undefined && Number.isNaN(Date.parse(asOf))) throw validationError('invalid asOf', [{ location: 'asOf', message: 'asOf must be an ISO-8601 date-time' }]);
    return { patientId, asOf: asOf ?? null, ...(await this.consentReads.read(actor, patientId.toLowerCase(), asOf)) };
  }
}
