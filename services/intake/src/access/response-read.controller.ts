import { Controller, Get, Inject, Param, ParseUUIDPipe, Query, Res } from '@nestjs/common';
import { ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { Pool } from 'pg';
import type { Actor, Decision } from '@hub/access-policy';
import { CurrentActor, FHIR_JSON, notFound, OperationOutcomeError, POOL, Roles } from '@hub/service-kit';
import { ResponseCommands } from '../response/response.commands';
import { ResponseAccess } from './response-access';
import { responseById, responseOutcomes, responsesForUnit, responsesOfPatient, type StoredResponse } from './response-reads';
import { orderWorklist, type WorklistEntry } from './worklist';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function refused(decision: Decision): OperationOutcomeError {
  return new OperationOutcomeError('denied', `access denied: ${decision.reason}`, [{ severity: 'error', code: 'forbidden', diagnostics: `access denied: ${decision.reason}` }]);
}

const bundle = (resources: Record<string, unknown>[]) => ({
  resourceType: 'Bundle',
  type: 'searchset',
  total: resources.length,
  entry: resources.map((resource) => ({ fullUrl: `QuestionnaireResponse/${String(resource.id)}`, resource })),
});

/** Reads of QuestionnaireResponses: every one through the access decision, every decision in the access log. */
@ApiTags('fhir')
@Controller()
export class ResponseReadController {
  constructor(
    @Inject(POOL) private readonly pool: Pool,
    private readonly access: ResponseAccess,
    private readonly responses: ResponseCommands,
  ) {}

  /** What a permitted reader sees: the latest version of each response, with its scores and triage. */
  private latest(released: StoredResponse[]): Promise<Record<string, unknown>[]> {
    return Promise.all(released.map((r) => this.responses.read(r.responseId)));
  }

  @Get('fhir/QuestionnaireResponse')
  @ApiOperation({ summary: 'A patient’s responses as a searchset Bundle, if the access decision permits' })
  @ApiQuery({ name: 'patient', description: 'Internal patient id (Patient/<id> accepted)' })
  async search(@Query('patient') patient: string | undefined, @CurrentActor() actor: Actor, @Res() res: Response): Promise<void> {
    const patientId = (patient ?? '').replace(/^Patient\//, '').toLowerCase();
    if (!UUID.test(patientId)) throw new OperationOutcomeError('validation', 'patient is required', [{ severity: 'error', code: 'required', diagnostics: 'search by patient=<internal patient id>', expression: ['patient'] }]);
    const { decision, released } = await this.access.read(actor, patientId, 'questionnaire-response', await responsesOfPatient(this.pool, patientId), new Date().toISOString());
    if (decision.effect === 'deny') throw refused(decision);
    res.type(FHIR_JSON).send(JSON.stringify(bundle(await this.latest(released))));
  }

  @Get('fhir/QuestionnaireResponse/:id')
  @ApiOperation({ summary: 'One accepted QuestionnaireResponse, if the access decision permits' })
  async read(@Param('id', new ParseUUIDPipe()) id: string, @CurrentActor() actor: Actor, @Res() res: Response): Promise<void> {
    const found = await responseById(this.pool, id.toLowerCase());
    if (!found) throw notFound(`QuestionnaireResponse/${id} does not exist`);
    const { decision, released } = await this.access.read(actor, found.patientId, 'questionnaire-response', [found], new Date().toISOString());
    if (released.length === 0) throw refused(decision);
    res.type(FHIR_JSON).send(JSON.stringify(await this.responses.read(found.responseId)));
  }

  /**
   * The clinician's unit worklist: per patient, decided and logged separately (denied patients are left out);
   * each response with its triage colour and when it arrived, red first, oldest first within a colour.
   * Responses entered in error are left out before the decision, so the log names only what was shown.
   */
  @Get('worklist')
  @Roles('clinician')
  @ApiOperation({ summary: 'Responses to the caller’s unit’s dispatches, per permitted patient, with triage colour and age, most urgent first' })
  async worklist(@CurrentActor() actor: Actor): Promise<{ unitSor: string; entries: WorklistEntry[] }> {
    const all = await responsesForUnit(this.pool, actor.orgSor);
    const outcomes = await responseOutcomes(this.pool, all.map((r) => r.responseId));
    const byPatient = new Map<string, StoredResponse[]>();
    for (const r of all) if (!outcomes.get(r.responseId)?.enteredInError) byPatient.set(r.patientId, [...(byPatient.get(r.patientId) ?? []), r]);
    const entries = [];
    const at = new Date().toISOString();
    for (const [patientId, responses] of byPatient) {
      const { decision, released } = await this.access.read(actor, patientId, 'worklist', responses, at);
      const shown = released.map((r) => ({ responseId: r.responseId, triage: outcomes.get(r.responseId)?.colour ?? ('not-scored' as const), receivedAt: r.receivedAt }));
      entries.push({ patientId, responses: shown, flagged: decision.overridden });
    }
    return { unitSor: actor.orgSor, entries: orderWorklist(entries) };
  }
}
