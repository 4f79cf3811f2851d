import { Module } from '@nestjs/common';
import { QuestionnaireCommands } from './bank/questionnaire.commands';
import { QuestionnaireController } from './bank/questionnaire.controller';
import { DispatchCommands } from './dispatch/dispatch.commands';
import { DispatchController } from './dispatch/dispatch.controller';
import { CareAccessConsumer } from './patients/care-access.consumer';
import { ConsentConsumer } from './patients/consent.consumer';

@Module({ controllers: [QuestionnaireController, DispatchController], providers: [QuestionnaireCommands, DispatchCommands, ConsentConsumer, CareAccessConsumer] })
export class DispatchModule {}
