import { Module } from '@nestjs/common';
import { QuestionnaireCommands } from './bank/questionnaire.commands';
import { QuestionnaireController } from './bank/questionnaire.controller';
import { DispatchCommands } from './dispatch/dispatch.commands';
import { DispatchController } from './dispatch/dispatch.controller';
import { ConsentConsumer } from './patients/consent.consumer';

@Module({ controllers: [QuestionnaireController, DispatchController], providers: [QuestionnaireCommands, DispatchCommands, ConsentConsumer] })
export class DispatchModule {}
