import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { Pool } from 'pg';
import { contractOf, upcastEvent, type QuestionnaireDispatched } from '@hub/contracts';
import { foldEvents, handleCommand, readStreamUpcast } from '@hub/event-store';
import { traceMetadata } from '@hub/messaging';
import { notFound, POOL } from '@hub/service-kit';
import { readUnitRecord } from '../patients/unit-record-access';
import type { Actor } from '@hub/access-policy';
import { isPublished } from '../bank/questionnaire.table';
import { assertUnitMayOrder } from '../patients/care-access';
import { scheduleWork } from '../scheduling/due-work.table';
import { patientFacts } from '../patients/known-patients.table';
import { dispatchDecider, type DispatchCommand, type DispatchState } from './dispatch.decider';
import { dispatchStreamId, type DispatchEvent } from './dispatch.events';

const DAY_MS = 24 * 60 * 60 * 1000;
export const DEFAULT_EXPIRES_IN_DAYS = 14;

export interface DispatchOrder {
  patientId: string;
  unitSor: string;
  /** Versioned canonical, `url|version` (the DTO has checked its shape). */
  questionnaire: string;
  expiresInDays?: number;
}

/** Dispatch's command side: looks up the facts the decision needs, then lets the decider decide. */
@Injectable()
export class DispatchCommands {
  constructor(@Inject(POOL) private readonly pool: Pool) {}

  async dispatch(order: DispatchOrder, now: Date): Promise<QuestionnaireDispatched> {
    const [url, version] = order.questionnaire.split('|');
    // Read outside the append's transaction: patients, consents and versions are only ever added today.
    // TODO(consent withdrawal): once consent can be withdrawn, re-check it in the append transaction.
    const [patient, questionnairePublished] = await Promise.all([patientFacts(this.pool, order.patientId), isPublished(this.pool, url, version)]);
    if (patient.known && !patient.erased) await assertUnitMayOrder(this.pool, order.patientId.toLowerCase(), order.unitSor, now.toISOString());
    const dispatchId = randomUUID();
    const command: DispatchCommand = {
      type: 'DispatchQuestionnaire',
      dispatchId,
      patientId: order.patientId.toLowerCase(),
      unitSor: order.unitSor,
      questionnaire: { url, version },
      at: now.toISOString(),
      expiresAt: new Date(now.getTime() + (order.expiresInDays ?? DEFAULT_EXPIRES_IN_DAYS) * DAY_MS).toISOString(),
      patientKnown: patient.known,
      treatmentConsent: patient.treatmentConsent,
      patientErased: patient.erased,
      questionnairePublished,
      notificationId: randomUUID(),
      channel: 'digital-post',
    };
    const result = await handleCommand<DispatchCommand, DispatchState, DispatchEvent>(this.pool, dispatchStreamId(dispatchId), dispatchDecider, command, {
      schemaVersionOf: (type) => contractOf(type).schemaVersion,
      upcast: upcastEvent,
      newEventId: randomUUID,
      metadata: traceMetadata(),
      // A one-off dispatch has no reminder (that needs an order), but it expires like any other.
      alongside: async (tx, events) => {
        for (const e of events) {
          if (e.type === 'QuestionnaireDispatched') await scheduleWork(tx, { kind: 'expiry', dispatchId, dueAt: e.data.expiresAt, patientId: e.data.patientId, unitSor: e.data.unitSor });
        }
      },
    });
    return result.state.dispatched!;
  }

  /** describe, for an actor: decided and logged as a read of the unit's record (readUnitRecord). */
  async read(dispatchId: string, actor: Actor, now: Date): Promise<QuestionnaireDispatched> {
    return readUnitRecord(this.pool, actor, 'dispatch', dispatchId, await this.describe(dispatchId), now.toISOString());
  }

  async describe(dispatchId: string): Promise<QuestionnaireDispatched> {
    const events = await readStreamUpcast(this.pool, dispatchStreamId(dispatchId.toLowerCase()), upcastEvent);
    const state = foldEvents(dispatchDecider, events.map((e) => ({ type: e.type, data: e.data }) as DispatchEvent));
    if (!state.dispatched) throw notFound(`dispatch ${dispatchId} does not exist`);
    return state.dispatched;
  }
}
