// Tracing must start before Nest, pg or kafkajs are loaded so their instrumentation applies.
import { startTracing } from '@hub/service-kit/tracing';
startTracing('consent');

import { runService } from '@hub/service-kit';
import { ConsentModule } from './consent.module';

void runService({ name: 'consent', title: 'PRO hub: consent', module: ConsentModule });
