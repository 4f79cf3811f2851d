import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { Pool } from 'pg';
import { contractOf, upcastEvent } from '@hub/contracts';
import type { Questionnaire } from '@hub/fhir-questionnaire';
import { foldEvents, handleCommand, readStreamUpcast } from '@hub/event-store';
import { traceMetadata } from '@hub/messaging';
import { notFound, OperationOutcomeError, POOL } from '@hub/service-kit';
import { personalDataCodec, SUBJECT_KEYS, type SubjectKeys } from '@hub/subject-keys';
import { findDispatch, findPackageFor, findQuestionnaire } from '../references/reference-tables';
import { responseDecider, type CurrentResponse, type ResponseCommand, type ResponseState } from './response.decider';
import { isQuestionnaireResponse, linksOf } from './response-checks';
import { responseStreamId, type ResponseEvent } from './response.events';
import { RESPONSE_PERSONAL_DATA } from './response.personal-data';
import { toFhirView } from './response.fhir-view';
import { responseIdFor } from './response-id';

export interface Submitted {
  /** True when this submission created the response (201); false for a new version or a repeat (200). */
  created: boolean;
  response: Record<string, unknown>;
}

const malformed = (diagnostics: string, expression: string) => new OperationOutcomeError('malformed', diagnostics, [{ severity: 'error', code: 'structure', diagnostics, expression: [expression] }]);

/** Intake's command side: gathers the facts a response is judged on, then lets the decider judge. */
@Injectable()
export class ResponseCommands {
  private readonly codec;

  constructor(
    @Inject(POOL) private readonly pool: Pool,
    @Inject(SUBJECT_KEYS) keys: SubjectKeys,
  ) {
    // The store and Kafka only ever see the patient's free text as envelopes; the decider sees it in clear.
    this.codec = personalDataCodec(keys, RESPONSE_PERSONAL_DATA);
  }

  /** POST: the response id follows from the identifier; PUT passes the id from the path as `targetId`. */
  async submit(body: unknown, receivedAt: string, targetId?: string): Promise<Submitted> {
    if (!isQuestionnaireResponse(body)) throw malformed('the body must be a FHIR QuestionnaireResponse resource (resourceType "QuestionnaireResponse")', 'resourceType');
    const links = linksOf(body);
    const responseId = targetId ?? responseIdFor(links.identifier);
    if (targetId && body.id !== undefined && body.id !== targetId) throw malformed(`the body's id ${String(body.id)} is not the id in the URL`, 'QuestionnaireResponse.id');
    if (targetId && links.identifier?.system && responseIdFor(links.identifier) !== targetId) throw malformed('the identifier belongs to another response', 'QuestionnaireResponse.identifier');
    const canonical = links.questionnaire?.version ? links.questionnaire : undefined;
    const [dispatch, known, scoringPackage] = await Promise.all([
      links.dispatchId ? findDispatch(this.pool, links.dispatchId) : undefined,
      canonical ? findQuestionnaire(this.pool, canonical.url, canonical.version!) : undefined,
      canonical ? findPackageFor(this.pool, canonical.url, canonical.version!) : undefined,
    ]);
    if (targetId && (await readStreamUpcast(this.pool, responseStreamId(targetId), upcastEvent)).length === 0) throw notFound(`QuestionnaireResponse/${targetId} does not exist`);
    const command: ResponseCommand = {
      type: 'SubmitResponse',
      responseId,
      response: body,
      dispatch,
      known: { questionnaire: known?.resource as Questionnaire | undefined, retired: known?.retired ?? false },
      scoringPackage,
      receivedAt,
    };
    const result = await handleCommand<ResponseCommand, ResponseState, ResponseEvent>(this.pool, responseStreamId(responseId), responseDecider, command, {
      schemaVersionOf: (type) => contractOf(type).schemaVersion,
      upcast: upcastEvent,
      newEventId: randomUUID,
      metadata: traceMetadata(),
      ...this.codec,
    });
    const created = result.events.some((e) => e.type === 'QuestionnaireResponseAccepted');
    return { created, response: toFhirView(result.state.current!) };
  }

  /**
   * The latest version with its scores (see toFhirView), the patient's free text decrypted; once the patient was
   * erased it reads as the library's erased marker, and everything else in the response as it was.
   */
  async read(responseId: string): Promise<Record<string, unknown>> {
    const events = await readStreamUpcast(this.pool, responseStreamId(responseId), upcastEvent);
    const decoded = await Promise.all(events.map(async (e) => ({ type: e.type, data: await this.codec.decode(e) }) as ResponseEvent));
    const state = foldEvents(responseDecider, decoded);
    if (!state.current) throw notFound(`QuestionnaireResponse/${responseId} does not exist`);
    return toFhirView(state.current as CurrentResponse);
  }
}
