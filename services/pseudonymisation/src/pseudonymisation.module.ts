import { Module, type Type } from '@nestjs/common';
import { StatsController } from './quality-record/stats.controller';
import { TreatmentConsumer } from './quality-record/treatment.consumer';
import { PSEUDONYM_KEY } from './pseudonymisation.config';
import { PseudonymDomains } from './domains/pseudonym-domains';
import { StaticKeyDomains } from './domains/static-key-domains';
import { ReidentificationCommands } from './reidentification/reidentification.commands';
import { ReidentificationController } from './reidentification/reidentification.controller';

/** The service's module, built around a key validated before anything connects. */
export function pseudonymisationModule(key: Buffer): Type<unknown> {
  @Module({ controllers: [StatsController, ReidentificationController], providers: [{ provide: PSEUDONYM_KEY, useValue: key }, { provide: PseudonymDomains, useClass: StaticKeyDomains }, TreatmentConsumer, ReidentificationCommands] })
  class PseudonymisationModule {}
  return PseudonymisationModule;
}
