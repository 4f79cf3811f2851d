import fc from 'fast-check';
import { ageBandOn } from './age-band';

describe('ageBandOn', () => {
  it.each([
    ['2026-11-25', '2026-11-25', '0-9'],
    ['2017-11-25', '2026-11-24', '0-9'],
    ['2016-11-25', '2026-11-25', '10-19'],
    ['1977-03-10', '2026-03-09', '40-49'],
    ['1976-03-10', '2026-03-10', '50-59'],
    ['1937-01-01', '2026-12-31', '80-89'],
    ['1936-12-31', '2026-12-31', '90+'],
    ['1900-01-01', '2026-01-01', '90+'],
  ])('born %s, on %s: %s', (birth, day, band) => expect(ageBandOn(birth, day)).toBe(band));

  it('changes band on the birthday, not the day after; 29 February completes a year on 1 March', () => {
    expect(ageBandOn('2006-06-15', '2026-06-14')).toBe('10-19');
    expect(ageBandOn('2006-06-15', '2026-06-15')).toBe('20-29');
    expect(ageBandOn('2004-02-29', '2024-02-28')).toBe('10-19');
    expect(ageBandOn('2004-02-29', '2024-02-29')).toBe('20-29');
    expect(ageBandOn('2006-02-28', '2026-02-28')).toBe('20-29');
  });

  it('gives no band for a day before the birth or a date that does not exist', () => {
    expect(ageBandOn('2026-11-26', '2026-11-25')).toBeUndefined();
    expect(ageBandOn('2026-02-30', '2026-11-25')).toBeUndefined();
    expect(ageBandOn('1980-01-01', '25-11-2026')).toBeUndefined();
  });

  it('is always one of the ten bands and never goes down as the day moves on', () => {
    const bands = ['0-9', '10-19', '20-29', '30-39', '40-49', '50-59', '60-69', '70-79', '80-89', '90+'];
    const iso = (d: Date) => d.toISOString().slice(0, 10);
    const day = fc.date({ min: new Date('1900-01-01'), max: new Date('2100-12-31'), noInvalidDate: true });
    fc.assert(
      fc.property(day, day, day, (a, b, c) => {
        const [birth, d1, d2] = [a, b, c].sort((x, y) => x.getTime() - y.getTime()).map(iso);
        const [b1, b2] = [ageBandOn(birth, d1), ageBandOn(birth, d2)];
        expect(bands).toContain(b1);
        expect(bands.indexOf(b2!)).toBeGreaterThanOrEqual(bands.indexOf(b1!));
      }),
    );
  });

  it('runs from 0-9 on the day of birth to 80-89, then 90+ (the tenth birthday starts 10-19)', () => {
    expect(ageBandOn('2026-11-03', '2026-11-03')).toBe('0-9');
    expect(ageBandOn('2016-11-03', '2026-11-02')).toBe('0-9');
    expect(ageBandOn('2016-11-03', '2026-11-03')).toBe('10-19');
    expect(ageBandOn('1936-11-04', '2026-11-03')).toBe('80-89');
    expect(ageBandOn('1936-11-03', '2026-11-03')).toBe('90+');
    expect(ageBandOn('1910-01-01', '2026-11-03')).toBe('90+');
  });
});
