// Tracing must start before Nest, pg or kafkajs are loaded so their instrumentation applies.
import { startTracing } from '@hub/service-kit/tracing';
startTracing('dispatch');

import { runService } from '@hub/service-kit';
import { DispatchModule } from './dispatch.module';

void runService({ name: 'dispatch', title: 'PRO hub: dispatch', module: DispatchModule });
