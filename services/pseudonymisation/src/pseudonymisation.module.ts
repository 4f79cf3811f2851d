import { Module, type Type } from '@nestjs/common';
import { StatsController } from './quality-record/stats.controller';
import { TreatmentConsumer } from './quality-record/treatment.consumer';
import { PSEUDONYM_KEY } from './pseudonymisation.config';
import { PseudonymDomains } from './domains/pseudonym-domains';
import { StaticKeyDomains } from './domains/static-key-domains';

/** The service's module, built around a key validated before anything connects. */
export function pseudonymisationModule(key: Buffer): Type<unknown> {
  @Module({ controllers: [StatsController], providers: [{ provide: PSEUDONYM_KEY, useValue: key }, { provide: PseudonymDomains, useClass: StaticKeyDomains }, TreatmentConsumer] })
  class PseudonymisationModule {}
  return PseudonymisationModule;
}
