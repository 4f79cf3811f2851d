import { Body, Controller, Get, Post, Query, Res } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { Actor } from '@hub/access-policy';
import { CurrentActor, FHIR_JSON, OperationOutcomeError, Roles } from '@hub/service-kit';
import { ConsentReadAccess } from '../access/consent-read-access';
import { BlockCommands } from '../block/block.commands';
import { assertActsFor } from '../own-patient';
import { PatientCommands } from '../patient/patient.commands';
import { fromFhirConsent, type ConsentImport } from './consent-fhir.import';
import { toConsentBundle } from './consent-fhir.export';


/** FHIR R4 Consent exchange: export a patient's consents and blocks; import a research consent, withdrawal or block. */
@ApiTags('fhir')
@Controller('fhir/Consent')
export class ConsentFhirController {
  constructor(
    private readonly consentReads: ConsentReadAccess,
    private readonly patients: PatientCommands,
    private readonly blocks: BlockCommands,
  ) {}

  @Get()
  @Roles('patient', 'clinician')
  @ApiOperation({ summary: 'Search Consent by patient: a searchset Bundle; decided and logged like any read' })
  async search(@Query('patient') patient: string | undefined, @CurrentActor() actor: Actor, @Res() res: Response): Promise<void> {
    const patientId = (patient ?? '').replace(/^Patient\//, '').toLowerCase();
    if (!/^[0-9a-f-]{36}$/.test(patientId)) {
      throw new OperationOutcomeError('validation', 'patient is required', [{ severity: 'error', code: 'required', diagnostics: 'search by patient=<internal patient id>', expression: ['patient'] }]);
    }
    const bundle = toConsentBundle(patientId, await this.consentReads.read(actor, patientId), new Date().toISOString());
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
