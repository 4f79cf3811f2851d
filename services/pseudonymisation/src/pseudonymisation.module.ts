import { Module, type Type } from '@nestjs/common';
import { StatsController } from './quality-record/stats.controller';
import { TreatmentConsumer } from './quality-record/treatment.consumer';
import { PSEUDONYM_KEY } from './pseudonymisation.config';

/** The service's module, built around a key validated before anything connects. */
export function pseudonymisationModule(key: Buffer): Type<unknown> {
  @Module({ controllers: [StatsController], providers: [{ provide: PSEUDONYM_KEY, useValue: key }, TreatmentConsumer] })
  class PseudonymisationModule {}
  return PseudonymisationModule;
}
