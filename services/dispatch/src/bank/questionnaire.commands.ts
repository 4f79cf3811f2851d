import { randomUUID } from 'node:crypto';
import { Inject, Injectable, type OnApplicationBootstrap, type OnModuleInit } from '@nestjs/common';
import type { Pool } from 'pg';
import type { Logger as PinoLogger } from 'pino';
import { contractOf, upcastEvent } from '@hub/contracts';
import { handleCommand } from '@hub/event-store';
import { findCprLike, traceMetadata } from '@hub/messaging';
import { LOGGER, notFound, POOL } from '@hub/service-kit';
import { assertPublishable } from './questionnaire-checks';
import { questionnaireDecider, type QuestionnaireCommand, type QuestionnaireState } from './questionnaire.decider';
import { questionnaireStreamId, type QuestionnaireEvent, type QuestionnaireResource } from './questionnaire.events';
import { QUESTIONNAIRES_DDL, searchQuestionnaires, storeQuestionnaire, type QuestionnaireSearch } from './questionnaire.table';
import painNrs from './seed/pain-nrs.questionnaire.json';

/** Versions every installation starts with, published through the same command as any other. */
const SEED: unknown[] = [painNrs];

export interface Published {
  created: boolean;
  questionnaire: QuestionnaireResource;
}

/** The bank's command side: thin glue between HTTP (and the seed), the decider and the store. */
@Injectable()
export class QuestionnaireCommands implements OnModuleInit, OnApplicationBootstrap {
  constructor(
    @Inject(POOL) private readonly pool: Pool,
    @Inject(LOGGER) private readonly logger: PinoLogger,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.pool.query(QUESTIONNAIRES_DDL);
  }

  /** Seeding is idempotent (republishing identical content is a no-op) and fails startup on a real conflict. */
  async onApplicationBootstrap(): Promise<void> {
    for (const q of SEED) {
      const { created, questionnaire } = await this.publish(q, new Date().toISOString());
      this.logger.info({ url: questionnaire.url, version: questionnaire.version, created }, 'seed questionnaire in the bank');
    }
  }

  async publish(body: unknown, at: string): Promise<Published> {
    const cprLikeAt = findCprLike(body, 'Questionnaire');
    // Checked before the store is touched: the stream is named by url and version, so they must be sound.
    assertPublishable(body, cprLikeAt);
    const command: QuestionnaireCommand = { type: 'PublishQuestionnaire', questionnaire: body, at, cprLikeAt };
    const result = await handleCommand<QuestionnaireCommand, QuestionnaireState, QuestionnaireEvent>(
      this.pool,
      questionnaireStreamId(body.url, body.version),
      questionnaireDecider,
      command,
      {
        schemaVersionOf: (type) => contractOf(type).schemaVersion,
        upcast: upcastEvent,
        newEventId: randomUUID,
        metadata: traceMetadata(),
        alongside: async (tx, events) => {
          for (const e of events) if (e.type === 'QuestionnairePublished') await storeQuestionnaire(tx, e.data);
        },
      },
    );
    return { created: result.events.length > 0, questionnaire: result.state.published! };
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
