import { ConfigurationError, loadConfig } from '@hub/service-kit';
import { IndicatorsConfig } from './indicators.config';

describe('indicators configuration', () => {
  it('suppresses below 5 unless told otherwise', () => {
    expect(loadConfig(IndicatorsConfig, {}).INDICATOR_MIN_COUNT).toBe(5);
    expect(loadConfig(IndicatorsConfig, { INDICATOR_MIN_COUNT: '10' }).INDICATOR_MIN_COUNT).toBe(10);
  });

  it('refuses a minimum that is not a whole number of at least 1', () => {
    for (const bad of ['0', 'five', '2.5']) expect(() => loadConfig(IndicatorsConfig, { INDICATOR_MIN_COUNT: bad })).toThrow(ConfigurationError);
  });
});
