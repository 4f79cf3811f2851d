import { Module } from '@nestjs/common';
import { BankSeed } from './bank/bank.seed';
import { ProPackageCommands } from './bank/pro-package.commands';
import { ProPackageController } from './bank/pro-package.controller';
import { QuestionnaireCommands } from './bank/questionnaire.commands';
import { QuestionnaireController } from './bank/questionnaire.controller';
import { DispatchCommands } from './dispatch/dispatch.commands';
import { DispatchController } from './dispatch/dispatch.controller';
import { ConsentConsumer } from './patients/consent.consumer';

@Module({
  controllers: [QuestionnaireController, ProPackageController, DispatchController],
  providers: [QuestionnaireCommands, ProPackageCommands, BankSeed, DispatchCommands, ConsentConsumer],
})
export class DispatchModule {}
