import { randomUUID } from 'node:crypto';
import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Pool } from 'pg';
import { accessStreamId, buildAccessDecided, decideAccess, emptyAccessState, type Actor } from '@hub/access-policy';
import { contractOf } from '@hub/contracts';
import { appendToStream } from '@hub/event-store';
import { traceMetadata } from '@hub/messaging';
import { CurrentActor, POOL, Roles, validationError } from '@hub/service-kit';
import { queryAccessLog } from './access-log.table';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

@ApiTags('access log')
@Controller()
export class AccessLogController {
  constructor(@Inject(POOL) private readonly pool: Pool) {}

  /**
   * The patient's own log ("min log"): everyone who asked for their data, permitted or denied. Reading one's own
   * log is not itself logged (it would only ever show the patient to themselves).
   */
  @Get('patients/me/access-log')
  @Roles('patient')
  @ApiOperation({ summary: 'The calling patient’s access log (internal-only entries excluded)' })
  async mine(@CurrentActor() actor: Actor) {
    return { patientId: actor.patientId, entries: await queryAccessLog(this.pool, { patientId: actor.patientId, includeInternal: false }) };
  }

  /**
   * The auditor's view, by patient or by actor. Every patient whose entries are shown gets an internal-only entry
   * recording the audit, decided by the same function as every other access.
   */
  @Get('access-log')
  @Roles('auditor')
  @ApiQuery({ name: 'patient', required: false })
  @ApiQuery({ name: 'actor', required: false, description: 'Token subject of the professional or system' })
  async audit(@CurrentActor() actor: Actor, @Query('patient') patient?: string, @Query('actor') subject?: string) {
    const problems = [
      ...(patient === undefined && subject === undefined ? [{ location: 'patient', message: 'query by patient or by actor' }] : []),
      ...(patient !== undefined && !UUID.test(patient) ? [{ location: 'patient', message: 'patient must be an internal patient id' }] : []),
    ];
    if (problems.length > 0) throw validationError('invalid access-log query', problems);
    const entries = await queryAccessLog(this.pool, { patientId: patient?.toLowerCase(), actorSubject: subject, includeInternal: true });
    await this.logAudit(actor, [...new Set(entries.map((e) => e.patientId).concat(patient ? [patient.toLowerCase()] : []))]);
    return { entries };
  }

  private async logAudit(actor: Actor, patientIds: string[]): Promise<void> {
    const at = new Date().toISOString();
    for (const patientId of patientIds) {
      const request = { actor, patientId, purpose: 'audit' as const, data: { kind: 'access-log' as const }, at };
      const accessId = randomUUID();
      const data = buildAccessDecided(accessId, request, decideAccess(emptyAccessState(), request), [], true);
      await appendToStream(this.pool, accessStreamId(accessId), 0, [{ eventId: randomUUID(), type: 'AccessDecided', schemaVersion: contractOf('AccessDecided').schemaVersion, data, metadata: traceMetadata() }]);
    }
  }
}
