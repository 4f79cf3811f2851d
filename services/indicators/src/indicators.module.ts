import { Module } from '@nestjs/common';
import { QualityConsumer } from './response-rate/quality.consumer';
import { ResponseRateController } from './response-rate/response-rate.controller';

@Module({ controllers: [ResponseRateController], providers: [QualityConsumer] })
export class IndicatorsModule {}
