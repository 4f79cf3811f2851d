import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { TOPICS } from '@hub/contracts';
import { applySchema } from '@hub/event-store';
import type { EventHandlers } from '@hub/messaging';
import { ConsumerHost } from '@hub/service-kit';
import { PseudonymDomains } from '../domains/pseudonym-domains';
import { PATIENT_FACTS_DDL, recordBirthDate, recordOrganisation } from '../facts/patient-facts';
import { QUALITY_DOOR_DDL } from './door.tables';
import { releaseDispatch, releaseResponse, releaseScore, retractPatient, retractResponse, type DoorOutcome } from './quality-door';

/**
 * The only door from treatment data to the quality domain. Reads the consent topic for what it needs to minimise
 * (units' sector and region, birth dates) and for erasures, and the dispatch and intake topics for what it
 * releases: pseudonymised, minimised quality records, appended to this service's store, from which the relay
 * publishes them. One consumer for all three topics, so an erasure and a release for the same patient never run
 * at the same time.
 */
@Injectable()
export class TreatmentConsumer extends ConsumerHost implements OnModuleInit {
  protected readonly consumerName = 'pseudonymisation-treatment';
  protected readonly topics = [TOPICS.consent, TOPICS.dispatch, TOPICS.intake];
  @Inject(PseudonymDomains) private readonly domains!: PseudonymDomains;

  async onModuleInit(): Promise<void> {
    await applySchema(this.pool, PATIENT_FACTS_DDL + QUALITY_DOOR_DDL);
  }

  protected handlers(): EventHandlers {
    const domains = () => this.domains;
    const log = (type: string, result: DoorOutcome) => this.logOutcome(type, result);
    return {
      OrganisationRegistered: (event, tx) => recordOrganisation(tx, event.data.sor, { sector: event.data.sector, region: event.data.region }),
      PatientRegistered: (event, tx) => recordBirthDate(tx, event.data.patientId, event.data.birthDate ?? null),
      PatientErased: async (event, tx) => log(event.type, await retractPatient(tx, domains(), event.data)),
      QuestionnaireDispatched: async (event, tx) => log(event.type, await releaseDispatch(tx, domains(), event.data)),
      QuestionnaireResponseAccepted: async (event, tx) => log(event.type, await releaseResponse(tx, domains(), 'accepted', event.data)),
      QuestionnaireResponseAmended: async (event, tx) => log(event.type, await releaseResponse(tx, domains(), 'amended', event.data)),
      QuestionnaireResponseScored: async (event, tx) => log(event.type, await releaseScore(tx, domains(), event.data)),
      QuestionnaireResponseEnteredInError: async (event, tx) => log(event.type, await retractResponse(tx, domains(), event.data)),
    };
  }

  /** Pseudonymous references only: the dispatch reference and the unit, never the patient or dispatch id. */
  private logOutcome(source: string, result: DoorOutcome): void {
    switch (result.outcome) {
      case 'released':
        for (const r of result.records) this.logger.info({ source, type: r.type, dispatchRef: r.data.dispatchRef }, 'quality record released');
        return;
      case 'held':
        this.logger.info({ source, type: result.record.type, dispatchRef: result.record.data.dispatchRef }, 'quality record held until its dispatch is released');
        return;
      case 'skipped':
        this.logger.info({ source, reason: result.reason }, 'no quality record released');
        return;
      default: {
        const _exhaustive: never = result;
        return _exhaustive;
      }
    }
  }
}
