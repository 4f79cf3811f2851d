// Tracing must start before Nest, pg or kafkajs are loaded so their instrumentation applies.
import { startTracing } from '@hub/service-kit/tracing';
startTracing('indicators');

import { runService } from '@hub/service-kit';
import { IndicatorsModule } from './indicators.module';

void runService({ name: 'indicators', title: 'PRO hub: indicators', module: IndicatorsModule });
