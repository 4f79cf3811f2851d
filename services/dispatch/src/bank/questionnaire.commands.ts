import { randomUUID } from 'node:crypto';
import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import type { Pool } from 'pg';
import { contractOf, upcastEvent } from '@hub/contracts';
import { applySchema, handleCommand } from '@hub/event-store';
import { findCprLike, traceMetadata } from '@hub/messaging';
import { notFound, POOL } from '@hub/service-kit';
import { assertPublishable } from './questionnaire-checks';
import { questionnaireDecider, type QuestionnaireCommand, type QuestionnaireState } from './questionnaire.decider';
import { questionnaireStreamId, type QuestionnaireEvent, type QuestionnaireResource } from './questionnaire.events';
import { markRetired, QUESTIONNAIRES_DDL, searchQuestionnaires, storeQuestionnaire, type QuestionnaireSearch } from './questionnaire.table';

export interface Published {
  created: boolean;
  questionnaire: QuestionnaireResource;
}

/** The bank's command side for questionnaire versions: thin glue between HTTP (and the seed), the decider and the store. */
@Injectable()
export class QuestionnaireCommands implements OnModuleInit {
  constructor(@Inject(POOL) private readonly pool: Pool) {}

  async onModuleInit(): Promise<void> {
    await applySchema(this.pool, QUESTIONNAIRES_DDL);
  }

  async publish(body: unknown, at: string): Promise<Published> {
    const cprLikeAt = findCprLike(body, 'Questionnaire');
    // Checked before the store is touched: the stream is named by url and version, so they must be sound.
    assertPublishable(body, cprLikeAt);
    const command: QuestionnaireCommand = { type: 'PublishQuestionnaire', questionnaire: body, at, cprLikeAt };
    const result = await this.handle(body.url, body.version, command);
    return { created: result.events.length > 0, questionnaire: result.state.published! };
  }

  /** Retires the version with this logical id; returns it as search now shows it (status retired). */
  async retire(id: string, at: string): Promise<Published> {
    const { url, version } = await this.read(id);
    const result = await this.handle(String(url), String(version), { type: 'RetireQuestionnaire', url: String(url), version: String(version), at });
    return { created: result.events.length > 0, questionnaire: await this.read(id) };
  }

  private handle(url: string, version: string, command: QuestionnaireCommand) {
    return handleCommand<QuestionnaireCommand, QuestionnaireState, QuestionnaireEvent>(this.pool, questionnaireStreamId(url, version), questionnaireDecider, command, {
      schemaVersionOf: (type) => contractOf(type).schemaVersion,
      upcast: upcastEvent,
      newEventId: randomUUID,
      metadata: traceMetadata(),
      alongside: async (tx, events) => {
        for (const e of events) {
          if (e.type === 'QuestionnairePublished') await storeQuestionnaire(tx, e.data);
          else await markRetired(tx, e.data);
        }
      },
    });
  }

  search(search: QuestionnaireSearch): Promise<QuestionnaireResource[]> {
    return searchQuestionnaires(this.pool, search);
  }

  async read(id: string): Promise<QuestionnaireResource> {
    const [found] = await searchQuestionnaires(this.pool, { id });
    if (!found) throw notFound(`Questionnaire/${id} does not exist`);
    return found;
  }
}
