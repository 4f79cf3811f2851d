import { UsageError } from './command';
import { parseInstant, parseOptions, parsePosition, parseProjection } from './args';

describe('hubctl argument parsing', () => {
  it('takes instants with an explicit offset only', () => {
    expect(parseInstant('2026-11-24T12:00:00Z', '--at').toISOString()).toBe('2026-11-24T12:00:00.000Z');
    expect(parseInstant('2026-11-24T13:00:00.5+01:00', '--at').toISOString()).toBe('2026-11-24T12:00:00.500Z');
    for (const bad of ['2026-11-24', '2026-11-24T12:00:00', 'yesterday', '2026-13-40T99:00:00Z']) expect(() => parseInstant(bad, '--at')).toThrow(UsageError);
  });

  it('takes positions as non-negative integers', () => {
    expect(parsePosition('42', '--position')).toBe(42n);
    expect(() => parsePosition('-1', '--position')).toThrow(UsageError);
  });

  it('names the known projections when given an unknown one', () => {
    expect(parseProjection('response-rate').name).toBe('response-rate');
    expect(() => parseProjection('nope')).toThrow(/known: response-rate/);
    expect(() => parseProjection(undefined)).toThrow(/--projection is required/);
  });

  it('an unknown option is a usage error, not ignored', () => {
    expect(() => parseOptions(['--frobnicate', 'x'], { at: { type: 'string' } })).toThrow(UsageError);
  });
});
