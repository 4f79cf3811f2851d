import { ConfigurationError, loadConfig } from '@hub/service-kit';
import { DispatchConfig } from './dispatch.config';

describe('dispatch configuration', () => {
  it('runs on the system clock unless told otherwise', () => {
    expect(loadConfig(DispatchConfig, {})).toMatchObject({ HUB_CLOCK: 'system', SCHEDULER_INTERVAL_MS: 1000 });
    expect(loadConfig(DispatchConfig, { HUB_CLOCK: 'controlled', SCHEDULER_INTERVAL_MS: '250' })).toMatchObject({ HUB_CLOCK: 'controlled', SCHEDULER_INTERVAL_MS: 250 });
  });

  it('refuses an unknown clock and a silly interval, naming both', () => {
    expect(() => loadConfig(DispatchConfig, { HUB_CLOCK: 'frozen', SCHEDULER_INTERVAL_MS: '0' })).toThrow(ConfigurationError);
    expect(() => loadConfig(DispatchConfig, { HUB_CLOCK: 'frozen', SCHEDULER_INTERVAL_MS: '0' })).toThrow(/HUB_CLOCK[\s\S]*SCHEDULER_INTERVAL_MS/);
  });
});
