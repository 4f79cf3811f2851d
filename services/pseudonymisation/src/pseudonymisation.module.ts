import { Module, type Type } from '@nestjs/common';
import type { PseudonymMasterKeys } from './pseudonymisation.config';
import { StatsController } from './quality-record/stats.controller';
import { TreatmentConsumer } from './quality-record/treatment.consumer';
import { domainKeyProviders } from './domains/domain-key.providers';
import { DomainRotationController } from './domains/domain-rotation.controller';
import { ReidentificationCommands } from './reidentification/reidentification.commands';
import { ReidentificationController } from './reidentification/reidentification.controller';
import { ResearchConsumer } from './research/research.consumer';
import { ResearchController } from './research/research.controller';
import { PseudonymStoreSchema } from './pseudonym-store.schema';

/** The service's module, built around the master keys validated before anything connects. */
export function pseudonymisationModule(masterKeys: PseudonymMasterKeys): Type<unknown> {
  @Module({
    controllers: [StatsController, DomainRotationController, ResearchController, ReidentificationController],
    providers: [...domainKeyProviders(masterKeys), PseudonymStoreSchema, TreatmentConsumer, ResearchConsumer, ReidentificationCommands],
  })
  class PseudonymisationModule {}
  return PseudonymisationModule;
}
