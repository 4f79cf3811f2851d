import { Module } from '@nestjs/common';
import { loadConfig } from '@hub/service-kit';
import { IndicatorsConfig, INDICATORS_CONFIG } from './indicators.config';
import { CellPublisher } from './measures/cell-publisher';
import { MeasureReportController } from './measures/measure-report.controller';
import { MeasureController } from './measures/measure.controller';
import { QualityConsumer } from './measures/quality.consumer';
import { ProjectionAdminController } from './response-rate/projection-admin.controller';
import { ResponseRateController } from './response-rate/response-rate.controller';
import { SubscriptionsTables } from './subscriptions/subscriptions.tables';
import { SubscriptionsController } from './subscriptions/subscriptions.controller';

@Module({
  controllers: [ResponseRateController, ProjectionAdminController, MeasureController, MeasureReportController, SubscriptionsController],
  providers: [{ provide: INDICATORS_CONFIG, useFactory: () => loadConfig(IndicatorsConfig) }, CellPublisher, QualityConsumer, SubscriptionsTables],
})
export class IndicatorsModule {}
