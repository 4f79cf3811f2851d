import { Module } from '@nestjs/common';
import { AnswersConsumer } from './answers/answers.consumer';
import { BankSeed } from './bank/bank.seed';
import { ProPackageCommands } from './bank/pro-package.commands';
import { ProPackageController } from './bank/pro-package.controller';
import { QuestionnaireCommands } from './bank/questionnaire.commands';
import { QuestionnaireController } from './bank/questionnaire.controller';
import { DispatchCommands } from './dispatch/dispatch.commands';
import { DispatchController } from './dispatch/dispatch.controller';
import { OrderCommands } from './order/order.commands';
import { OrderController } from './order/order.controller';
import { CareAccessConsumer } from './patients/care-access.consumer';
import { ConsentConsumer } from './patients/consent.consumer';
import { ClockController } from './scheduling/clock.controller';
import { schedulingProviders } from './scheduling/scheduling.providers';

@Module({
  controllers: [QuestionnaireController, ProPackageController, DispatchController, OrderController, ClockController],
  providers: [QuestionnaireCommands, ProPackageCommands, BankSeed, DispatchCommands, ConsentConsumer, CareAccessConsumer, OrderCommands, AnswersConsumer, ...schedulingProviders],
})
export class DispatchModule {}
