import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { Pool, PoolClient } from 'pg';
import type { Logger as PinoLogger } from 'pino';
import { accessStreamId } from '@hub/access-policy';
import { contractOf, upcastEvent, type ReidentificationActor, type ReidentificationIdentitiesRead, type ReidentificationRefusal, type ReidentificationRefused, type ReidentificationReleased, type ReidentificationRequested } from '@hub/contracts';
import { appendToStream, foldEvents, handleCommand, inTransaction, readStreamUpcast, type CommandResult } from '@hub/event-store';
import { traceMetadata } from '@hub/messaging';
import { LOGGER, POOL } from '@hub/service-kit';
import { DomainError, type DomainErrorCode } from '@hub/service-kit/errors';
import { PseudonymDomains } from '../domains/pseudonym-domains';
import { toIdentityAccessDecisions } from './identity-access';
import { readRefusal, reidentificationDecider, type ReidentificationCommand, type ReidentificationState } from './reidentification.decider';
import { reidentificationStreamId, type ReidentificationEvent } from './reidentification.events';

const STATUS_OF: Record<ReidentificationRefusal, DomainErrorCode> = {
  'wrong-role': 'denied',
  'self-approval': 'denied',
  'other-unit': 'denied',
  'invalid-request': 'validation',
  'not-found': 'not-found',
  'already-approved': 'conflict',
  'already-released': 'illegal-state',
  'approval-window-closed': 'illegal-state',
  'not-approved': 'illegal-state',
  'release-expired': 'illegal-state',
};

/**
 * Puts each released identity into the patient's access log: one AccessDecided per patient, appended in the read
 * event's transaction (handleCommand's `alongside`), so there is no read without its log entries and no entry
 * for a read that did not commit. The relay publishes them on the access-log topic, which consent collects.
 */
async function logIdentityReads(tx: PoolClient, events: ReidentificationEvent[]): Promise<void> {
  for (const event of events) {
    if (event.type !== 'ReidentificationIdentitiesRead') continue;
    for (const data of toIdentityAccessDecisions(event.data, randomUUID)) {
      const logged = { eventId: randomUUID(), type: 'AccessDecided', schemaVersion: contractOf('AccessDecided').schemaVersion, data, metadata: traceMetadata() };
      await appendToStream(tx, accessStreamId(data.accessId), 0, [logged]);
    }
  }
}

/** A recorded refusal as the error the caller gets: the same problems the refusal event holds. */
export const refusalError = (r: ReidentificationRefused) => new DomainError(STATUS_OF[r.reason], `re-identification refused: ${r.reason}`, r.problems);

type DataOf<T extends ReidentificationEvent['type']> = Extract<ReidentificationEvent, { type: T }>['data'];

function dataOf<T extends ReidentificationEvent['type']>(events: ReidentificationEvent[], type: T): DataOf<T> | undefined {
  return events.find((e) => e.type === type)?.data as DataOf<T> | undefined;
}

/**
 * Runs re-identification commands. Every decision, refusals included, is appended to the request's stream
 * (and so audited and published on the treatment topic) before the caller hears of it; a refusal then
 * reaches the caller as problem details.
 */
@Injectable()
export class ReidentificationCommands {
  constructor(
    @Inject(POOL) private readonly pool: Pool,
    @Inject(LOGGER) private readonly logger: PinoLogger,
    private readonly domains: PseudonymDomains,
  ) {}

  async request(actor: ReidentificationActor, body: unknown, at: string): Promise<ReidentificationRequested> {
    const requestId = randomUUID();
    const { events } = await this.run({ type: 'RequestReidentification', requestId, actor, body, at });
    return dataOf(events, 'ReidentificationRequested')!;
  }

  async approve(requestId: string, actor: ReidentificationActor, at: string): Promise<{ approvals: number; release?: ReidentificationReleased }> {
    const { state } = await this.run({ type: 'ApproveReidentification', requestId, actor, at });
    return { approvals: state.approvers.length, release: state.release };
  }

  async identities(requestId: string, actor: ReidentificationActor, at: string): Promise<{ read: ReidentificationIdentitiesRead; validUntil: string }> {
    // Nothing is looked up for a read that will be refused.
    const state = await this.stateOf(requestId);
    const resolved = readRefusal(actor, at, state) === undefined ? await this.resolve(state.request!.pseudonyms) : undefined;
    const result = await this.run({ type: 'ReadIdentities', requestId, actor, at, resolved });
    return { read: dataOf(result.events, 'ReidentificationIdentitiesRead')!, validUntil: result.state.release!.validUntil };
  }

  private async run(command: ReidentificationCommand): Promise<CommandResult<ReidentificationState, ReidentificationEvent>> {
    const result = await handleCommand(this.pool, reidentificationStreamId(command.requestId), reidentificationDecider, command, {
      schemaVersionOf: (type) => contractOf(type).schemaVersion,
      upcast: upcastEvent,
      newEventId: randomUUID,
      metadata: traceMetadata(),
      alongside: logIdentityReads,
    });
    const refused = dataOf(result.events, 'ReidentificationRefused');
    const decision = { requestId: command.requestId, command: command.type, actor: command.actor.subject, unitSor: command.actor.orgSor };
    if (refused) {
      this.logger.warn({ ...decision, reason: refused.reason }, 're-identification refused');
      throw refusalError(refused);
    }
    this.logger.info({ ...decision, events: result.events.map((e) => e.type) }, 're-identification decided');
    return result;
  }

  private async stateOf(requestId: string): Promise<ReidentificationState> {
    const history = await readStreamUpcast(this.pool, reidentificationStreamId(requestId), upcastEvent);
    return foldEvents(reidentificationDecider, history.map((e) => ({ type: e.type, data: e.data }) as ReidentificationEvent));
  }

  /** Each pseudonym with the patient behind it in the quality domain, or without one when it names nobody. */
  private resolve(pseudonyms: string[]): Promise<{ pseudonym: string; patientId?: string }[]> {
    return inTransaction(this.pool, async (tx) => {
      const resolved: { pseudonym: string; patientId?: string }[] = [];
      for (const pseudonym of pseudonyms) {
        const patientId = await this.domains.patientOf(tx, 'quality', pseudonym);
        resolved.push(patientId ? { pseudonym, patientId } : { pseudonym });
      }
      return resolved;
    });
  }
}
