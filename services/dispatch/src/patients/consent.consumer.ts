import { Injectable, type OnModuleInit } from '@nestjs/common';
import { TOPICS } from '@hub/contracts';
import type { EventHandlers } from '@hub/messaging';
import { applySchema } from '@hub/event-store';
import { ConsumerHost } from '@hub/service-kit';
import { KNOWN_PATIENTS_DDL, recordTreatmentConsent, rememberPatient } from './known-patients.table';
import { stopOrdersOnConsentWithdrawn, stopOrdersOnPatientErased } from './stop-orders-on-access';

/**
 * Keeps dispatch's list of known patients and their treatment consent current, from Kafka only. A withdrawn
 * treatment consent or an erasure stops the patient's orders in the same inbox transaction, so a redelivery
 * changes nothing.
 */
@Injectable()
export class ConsentConsumer extends ConsumerHost implements OnModuleInit {
  protected readonly consumerName = 'dispatch-consent';
  protected readonly topics = [TOPICS.consent];

  async onModuleInit(): Promise<void> {
    await applySchema(this.pool, KNOWN_PATIENTS_DDL);
  }

  protected handlers(): EventHandlers {
    return {
      // Only the id and the date: the event's CPR number stays in the consent service.
      PatientRegistered: (event, tx) => rememberPatient(tx, event.data.patientId, event.data.registeredAt),
      ConsentGranted: async (event, tx) => {
        if (event.data.purpose === 'treatment') await recordTreatmentConsent(tx, event.data.patientId);
      },
      ConsentWithdrawn: async (event, tx) => {
        await stopOrdersOnConsentWithdrawn(tx, event);
      },
      PatientErased: async (event, tx) => {
        await stopOrdersOnPatientErased(tx, event);
      },
    };
  }
}
