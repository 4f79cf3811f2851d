import { randomUUID } from 'node:crypto';
import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import type { Pool } from 'pg';
import { contractOf } from '@hub/contracts';
import { applySchema, handleCommand } from '@hub/event-store';
import { traceMetadata } from '@hub/messaging';
import type { ProPackage, QuestionnaireLike } from '@hub/pro-packages';
import { POOL, validationError } from '@hub/service-kit';
import { searchQuestionnaires } from './questionnaire.table';
import { proPackageDecider, type ProPackageCommand, type ProPackageState } from './pro-package.decider';
import { proPackageStreamId, type ProPackageEvent } from './pro-package.events';
import { PRO_PACKAGES_DDL, searchProPackages, storeProPackage, type ProPackageSearch } from './pro-package.table';

const isToken = (v: unknown): v is string => typeof v === 'string' && /^[^\s|]+$/.test(v);

/** The bank's command side for PRO packages. */
@Injectable()
export class ProPackageCommands implements OnModuleInit {
  constructor(@Inject(POOL) private readonly pool: Pool) {}

  async onModuleInit(): Promise<void> {
    await applySchema(this.pool, PRO_PACKAGES_DDL);
  }

  async publish(body: unknown, at: string): Promise<{ created: boolean; package: ProPackage }> {
    const { id, version, questionnaire: named } = (body ?? {}) as { id?: unknown; version?: unknown; questionnaire?: { url?: unknown; version?: unknown } };
    // The stream is named by id and version, so they must be sound before the store is touched.
    if (!isToken(id) || !isToken(version)) throw validationError('the PRO package cannot be published', [{ location: 'id', message: 'id and version are required, without spaces or "|"' }]);
    const [questionnaire] = isToken(named?.url) && isToken(named?.version) ? await searchQuestionnaires(this.pool, { url: named.url, version: named.version }) : [];
    const command: ProPackageCommand = {
      type: 'PublishProPackage',
      package: body,
      questionnaire: questionnaire as QuestionnaireLike | undefined,
      questionnaireRetired: questionnaire?.status === 'retired',
      at,
    };
    const result = await handleCommand<ProPackageCommand, ProPackageState, ProPackageEvent>(this.pool, proPackageStreamId(id, version), proPackageDecider, command, {
      schemaVersionOf: (type) => contractOf(type).schemaVersion,
      newEventId: randomUUID,
      metadata: traceMetadata(),
      alongside: async (tx, events) => {
        for (const e of events) await storeProPackage(tx, e.data);
      },
    });
    return { created: result.events.length > 0, package: result.state.published! };
  }

  search(search: ProPackageSearch): Promise<ProPackage[]> {
    return searchProPackages(this.pool, search);
  }
}

