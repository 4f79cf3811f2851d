import { Module } from '@nestjs/common';
import { SubjectKeysModule } from '@hub/subject-keys';
import { ConsentConsumer } from './access/consent.consumer';
import { ResponseAccess } from './access/response-access';
import { ResponseReadController } from './access/response-read.controller';
import { ReferencesConsumer } from './references/references.consumer';
import { ResponseCommands } from './response/response.commands';
import { ResponseController } from './response/response.controller';

@Module({ imports: [SubjectKeysModule], controllers: [ResponseController, ResponseReadController], providers: [ResponseCommands, ReferencesConsumer, ConsentConsumer, ResponseAccess] })
export class IntakeModule {}
