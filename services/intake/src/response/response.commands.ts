import { Inject, Injectable } from '@nestjs/common';
import type { Pool } from 'pg';
import { contractOf, upcastEvent, type QuestionnaireResponseAccepted } from '@hub/contracts';
import type { Questionnaire } from '@hub/fhir-questionnaire';
import { handleCommand, readStreamUpcast } from '@hub/event-store';
import { traceMetadata } from '@hub/messaging';
import { notFound, OperationOutcomeError, POOL } from '@hub/service-kit';
import { randomUUID } from 'node:crypto';
import { findDispatch, findQuestionnaire } from '../references/reference-tables';
import { responseDecider, type ResponseCommand, type ResponseState } from './response.decider';
import { isQuestionnaireResponse, linksOf } from './response-checks';
import { responseStreamId, type ResponseEvent } from './response.events';
import { responseIdFor } from './response-id';

export interface Accepted {
  created: boolean;
  response: QuestionnaireResponseAccepted['response'];
}

/** Intake's command side: gathers the facts a response is judged on, then lets the decider judge. */
@Injectable()
export class ResponseCommands {
  constructor(@Inject(POOL) private readonly pool: Pool) {}

  async accept(body: unknown, receivedAt: string): Promise<Accepted> {
    if (!isQuestionnaireResponse(body)) {
      throw new OperationOutcomeError('malformed', 'not a QuestionnaireResponse', [
        { severity: 'error', code: 'structure', diagnostics: 'the body must be a FHIR QuestionnaireResponse resource (resourceType "QuestionnaireResponse")', expression: ['resourceType'] },
      ]);
    }
    const links = linksOf(body);
    const responseId = responseIdFor(links.identifier);
    const [dispatch, questionnaire] = await Promise.all([
      links.dispatchId ? findDispatch(this.pool, links.dispatchId) : undefined,
      links.questionnaire?.version ? findQuestionnaire(this.pool, links.questionnaire.url, links.questionnaire.version) : undefined,
    ]);
    const command: ResponseCommand = { type: 'AcceptResponse', responseId, response: body, dispatch, questionnaire: questionnaire as Questionnaire | undefined, receivedAt };
    const result = await handleCommand<ResponseCommand, ResponseState, ResponseEvent>(this.pool, responseStreamId(responseId), responseDecider, command, {
      schemaVersionOf: (type) => contractOf(type).schemaVersion,
      upcast: upcastEvent,
      newEventId: randomUUID,
      metadata: traceMetadata(),
    });
    if (result.events.length > 0) return { created: true, response: result.events[0].data.response };
    return { created: false, response: await this.read(responseId) };
  }

  async read(responseId: string): Promise<QuestionnaireResponseAccepted['response']> {
    const events = await readStreamUpcast(this.pool, responseStreamId(responseId), upcastEvent);
    const accepted = events.find((e) => e.type === 'QuestionnaireResponseAccepted');
    if (!accepted) throw notFound(`QuestionnaireResponse/${responseId} does not exist`);
    return (accepted.data as QuestionnaireResponseAccepted).response;
  }
}
