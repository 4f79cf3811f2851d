// Tracing must start before Nest, pg or kafkajs are loaded so their instrumentation applies.
import { startTracing } from '@hub/service-kit/tracing';
startTracing('intake');

import { runService } from '@hub/service-kit';
import { IntakeModule } from './intake.module';

void runService({ name: 'intake', title: 'PRO hub: intake', module: IntakeModule });
