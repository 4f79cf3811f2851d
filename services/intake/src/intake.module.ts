import { Module } from '@nestjs/common';
import { ReferencesConsumer } from './references/references.consumer';
import { ResponseCommands } from './response/response.commands';
import { ResponseController } from './response/response.controller';

@Module({ controllers: [ResponseController], providers: [ResponseCommands, ReferencesConsumer] })
export class IntakeModule {}
