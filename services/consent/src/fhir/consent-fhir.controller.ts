import { Body, Controller, Get, Inject, Post, Query, Res } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { Pool } from 'pg';
import { accessStateAsOf, type Actor } from '@hub/access-policy';
import { CurrentActor, OperationOutcomeError, POOL, Roles } from '@hub/service-kit';
import { readAccessEvents } from '../access/patient-access.reader';
import { BlockCommands } from '../block/block.commands';
import { assertActsFor } from '../own-patient';
import { PatientCommands } from '../patient/patient.commands';
import { fromFhirConsent, type ConsentImport } from './consent-fhir.import';
import { toConsentBundle } from './consent-fhir.export';

const FHIR_JSON = 'application/fhir+json';

/** FHIR R4 Consent exchange: export a patient's consents and blocks; import a research consent, withdrawal or block. */
@ApiTags('fhir')
@Controller('fhir/Consent')
export class ConsentFhirController {
  constructor(
    @Inject(POOL) private readonly pool: Pool,
    private readonly patients: PatientCommands,
    private readonly blocks: BlockCommands,
  ) {}

  @Get()
  @Roles('patient', 'clinician', 'auditor', 'administrator')
  @ApiOperation({ summary: 'Search Consent by patient: a searchset Bundle' })
  async search(@Query('patient') patient: string | undefined, @CurrentActor() actor: Actor, @Res() res: Response): Promise<void> {
    const patientId = (patient ?? '').replace(/^Patient\//, '').toLowerCase();
    if (!/^[0-9a-f-]{36}$/.test(patientId)) {
      throw new OperationOutcomeError('validation', 'patient is required', [{ severity: 'error', code: 'required', diagnostics: 'search by patient=<internal patient id>', expression: ['patient'] }]);
    }
    assertActsFor(actor, patientId);
    const bundle = toConsentBundle(patientId, accessStateAsOf(await readAccessEvents(this.pool, patientId)), new Date().toISOString());
    res.type(FHIR_JSON).send(JSON.stringify(bundle));
  }

  @Post()
  @Roles('patient', 'clinician', 'administrator')
  @ApiBody({ description: 'FHIR R4 Consent (research grant/withdrawal, or a patient-privacy block)', schema: { type: 'object' } })
  async create(@Body() body: unknown, @CurrentActor() actor: Actor, @Res() res: Response): Promise<void> {
    const { action, issues } = fromFhirConsent(body);
    if (!action) throw new OperationOutcomeError('validation', 'the Consent cannot be imported', issues);
    assertActsFor(actor, action.patientId);
    const outcome = await this.apply(action, new Date().toISOString());
    res.status(201).type(FHIR_JSON).send(JSON.stringify({ resourceType: 'OperationOutcome', issue: [{ severity: 'information', code: 'informational', diagnostics: outcome }] }));
  }

  private async apply(action: ConsentImport, at: string): Promise<string> {
    switch (action.kind) {
      case 'grant-research':
        await this.patients.grantConsent(action.patientId, { purpose: 'research', projectId: action.projectId, textVersion: action.textVersion }, at);
        return `research consent to ${action.projectId} recorded`;
      case 'withdraw-research':
        await this.patients.withdrawConsent(action.patientId, { purpose: 'research', projectId: action.projectId }, at);
        return `research consent to ${action.projectId} withdrawn`;
      case 'block': {
        const { blockId } = await this.blocks.place(action.patientId, { target: action.target, validFrom: action.validFrom, validTo: action.validTo, dataFrom: action.dataFrom, dataTo: action.dataTo }, at);
        return `block ${blockId} recorded`;
      }
      default: {
        const _exhaustive: never = action;
        return _exhaustive;
      }
    }
  }
}
