import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import type { Logger as PinoLogger } from 'pino';
import { INSTRUMENTS } from '@hub/pro-packages';
import { LOGGER } from '@hub/service-kit';
import { ProPackageCommands } from './pro-package.commands';
import { QuestionnaireCommands } from './questionnaire.commands';
import painNrsV1 from './seed/pain-nrs.questionnaire.json';

/**
 * What every installation starts with, published through the same commands as anything else: the first pain
 * NRS version (kept for dispatches already made against it; it has no package, so its responses are not
 * scored) and the seeded instruments with their packages (questionnaire first: a package needs its version).
 */
@Injectable()
export class BankSeed implements OnApplicationBootstrap {
  constructor(
    private readonly questionnaires: QuestionnaireCommands,
    private readonly packages: ProPackageCommands,
    @Inject(LOGGER) private readonly logger: PinoLogger,
  ) {}

  /** Idempotent (republishing identical content is a no-op); a real conflict fails startup. */
  async onApplicationBootstrap(): Promise<void> {
    const at = new Date().toISOString();
    const legacy = await this.questionnaires.publish(painNrsV1, at);
    this.logger.info({ url: legacy.questionnaire.url, version: legacy.questionnaire.version, created: legacy.created }, 'seed questionnaire in the bank');
    for (const instrument of INSTRUMENTS) {
      const { questionnaire, created } = await this.questionnaires.publish(instrument.questionnaire, at);
      const seeded = await this.packages.publish(instrument.package, at);
      this.logger.info({ url: questionnaire.url, version: questionnaire.version, created, package: instrument.package.id, packageCreated: seeded.created }, 'seed instrument in the bank');
    }
  }
}
