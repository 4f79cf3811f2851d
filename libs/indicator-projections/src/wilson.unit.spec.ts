import { wilsonInterval, Z_95 } from './wilson';

/**
 * Vectors computed by hand from the closed form (z² = 3.841459):
 *   5/10: p = 0.5, 1 + z²/n = 1.3841459, centre = (0.5 + 0.1920730) / 1.3841459 = 0.5,
 *         half = 1.959964 / 1.3841459 · √(0.025 + 0.00960365) = 1.4160126 · 0.1860203 = 0.2634069
 *   8/10: centre = (0.8 + 0.1920730) / 1.3841459 = 0.7167402, half = 1.4160126 · √(0.016 + 0.00960365) = 0.2265777
 *   0/10: low 0, high = z² / (n + z²) = 3.841459 / 13.841459 = 0.2775328
 *  10/10: low = n / (n + z²) = 10 / 13.841459 = 0.7224672, high 1
 * 5/10 and 8/10 agree with Newcombe (Stat Med 1998;17:857, table I, method 3) to the 4 decimals printed there.
 */
describe('Wilson score interval (95 %)', () => {
  it.each([
    [5, 10, 0.2365931, 0.7634069],
    [8, 10, 0.4901625, 0.9433179],
    [0, 10, 0, 0.2775328],
    [10, 10, 0.7224672, 1],
  ])('%i/%i is (%f, %f)', (x, n, low, high) => {
    const ci = wilsonInterval(x, n);
    expect(ci.low).toBeCloseTo(low, 6);
    expect(ci.high).toBeCloseTo(high, 6);
  });

  it('uses z = 1.959964', () => expect(Z_95).toBe(1.959964));

  it('refuses what is not a proportion', () => {
    expect(() => wilsonInterval(0, 0)).toThrow(/not a proportion: 0\/0/);
    expect(() => wilsonInterval(6, 5)).toThrow(/not a proportion/);
    expect(() => wilsonInterval(1.5, 5)).toThrow(/not a proportion/);
  });
});
