import { Module } from '@nestjs/common';
import { ProjectionAdminController } from './response-rate/projection-admin.controller';
import { QualityConsumer } from './response-rate/quality.consumer';
import { ResponseRateController } from './response-rate/response-rate.controller';

@Module({ controllers: [ResponseRateController, ProjectionAdminController], providers: [QualityConsumer] })
export class IndicatorsModule {}
