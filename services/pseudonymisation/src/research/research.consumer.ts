import { Inject, Injectable } from '@nestjs/common';
import type { Admin } from 'kafkajs';
import { TOPICS } from '@hub/contracts';
import type { EventHandlers } from '@hub/messaging';
import { ConsumerHost } from '@hub/service-kit';
import { KeyStoreDomains } from '../domains/key-store-domains';
import { ResearchDoor } from './research-door';

/**
 * Feeds the research door: projects and research consents from the consent topic, accepted, amended, scored
 * and entered-in-error responses from the intake topic, erasures from the consent topic. A consumer group of
 * its own, so the quality door's progress and failures never hold research back (or the reverse).
 */
@Injectable()
export class ResearchConsumer extends ConsumerHost {
  protected readonly consumerName = 'pseudonymisation-research';
  protected readonly topics = [TOPICS.consent, TOPICS.intake];
  @Inject(KeyStoreDomains) private readonly domains!: KeyStoreDomains;
  @Inject('ADMIN') private readonly admin!: Admin;

  protected handlers(): EventHandlers {
    const door = new ResearchDoor({ domains: this.domains, admin: this.admin, logger: this.logger });
    return {
      ResearchProjectRegistered: (event, tx) => door.registerProject(tx, event.data),
      ConsentGranted: (event, tx) => door.grant(tx, event.eventId, event.data),
      ConsentWithdrawn: (event, tx) => door.withdraw(tx, event.eventId, event.data),
      QuestionnaireResponseAccepted: (event, tx) => door.release(tx, event.data),
      QuestionnaireResponseAmended: (event, tx) => door.release(tx, event.data),
      QuestionnaireResponseScored: (event, tx) => door.releaseScores(tx, event.data),
      QuestionnaireResponseEnteredInError: (event, tx) => door.retractEnteredInError(tx, event.data),
      PatientErased: (event, tx) => door.erase(tx, event.data),
    };
  }
}
