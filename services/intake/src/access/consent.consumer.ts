import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { ACCESS_REPLICA_DDL, accessReplicaHandlers } from '@hub/access-replica';
import { TOPICS, type PatientErased } from '@hub/contracts';
import type { EventHandlers } from '@hub/messaging';
import { ConsumerHost } from '@hub/service-kit';
import { SUBJECT_KEYS, type SubjectKeys } from '@hub/subject-keys';
import { shredAnswersOf } from '../response/response.personal-data';

/**
 * Keeps intake's replica of patients' access state current from the consent topic, effectively once (inbox);
 * on PatientErased it also destroys the patient's keys in intake's own key store, so their free text goes too.
 */
@Injectable()
export class ConsentConsumer extends ConsumerHost implements OnModuleInit {
  protected readonly consumerName = 'intake-consent';
  protected readonly topics = [TOPICS.consent];
  @Inject(SUBJECT_KEYS) private readonly keys!: SubjectKeys;

  async onModuleInit(): Promise<void> {
    await this.pool.query(ACCESS_REPLICA_DDL);
  }

  protected handlers(): EventHandlers {
    const replica = accessReplicaHandlers();
    const rememberErasure = replica.PatientErased;
    if (!rememberErasure) throw new Error('the access replica must record PatientErased: access decisions depend on it');
    return {
      ...replica,
      PatientErased: async (event, tx) => {
        await rememberErasure(event, tx);
        await shredAnswersOf(this.keys, event.data as PatientErased, tx);
      },
    };
  }
}
