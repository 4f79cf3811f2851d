// Tracing must start before Nest, pg or kafkajs are loaded so their instrumentation applies.
import { startTracing } from '@hub/service-kit/tracing';
startTracing('pseudonymisation');

import { loadConfig, runService } from '@hub/service-kit';
import { masterKeysOf, PseudonymisationConfig } from './pseudonymisation.config';
import { pseudonymisationModule } from './pseudonymisation.module';

async function main(): Promise<void> {
  // Validated first: without a proper master key the service must not connect, let alone consume.
  const config = loadConfig(PseudonymisationConfig);
  await runService({ name: 'pseudonymisation', title: 'PRO hub: pseudonymisation', module: pseudonymisationModule(masterKeysOf(config)) });
}

void main();
