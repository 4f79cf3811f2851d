import type { Provider } from '@nestjs/common';
import { loadConfig } from '@hub/service-kit';
import { CLOCK, ControlledClock, SystemClock } from './clock';
import { DispatchConfig } from './dispatch.config';
import { DISPATCH_CONFIG, SchedulerHost } from './scheduler.host';

/** The clock chosen by HUB_CLOCK and the scheduler that runs on it. */
export const schedulingProviders: Provider[] = [
  { provide: DISPATCH_CONFIG, useFactory: () => loadConfig(DispatchConfig) },
  { provide: CLOCK, useFactory: (config: DispatchConfig) => (config.HUB_CLOCK === 'controlled' ? new ControlledClock() : new SystemClock()), inject: [DISPATCH_CONFIG] },
  SchedulerHost,
];
