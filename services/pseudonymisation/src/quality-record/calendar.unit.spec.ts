import { danishDayOf, monthOf } from './calendar';

describe('danishDayOf', () => {
  it('gives the Danish calendar day: midnight CET is 23:00 UTC the day before', () => {
    expect(danishDayOf('2026-11-30T22:59:59.999Z')).toBe('2026-11-30');
    expect(danishDayOf('2026-11-30T23:00:00.000Z')).toBe('2026-12-01');
  });

  it('and midnight CEST (summer time) is 22:00 UTC the day before', () => {
    expect(danishDayOf('2026-07-31T21:59:59.999Z')).toBe('2026-07-31');
    expect(danishDayOf('2026-07-31T22:00:00.000Z')).toBe('2026-08-01');
  });

  it('follows the switch to and from summer time (29 March and 25 October 2026)', () => {
    expect(danishDayOf('2026-03-29T21:59:00Z')).toBe('2026-03-29'); // 23:59 CEST
    expect(danishDayOf('2026-03-29T22:00:00Z')).toBe('2026-03-30');
    expect(danishDayOf('2026-10-25T22:59:00Z')).toBe('2026-10-25'); // 23:59 CET
    expect(danishDayOf('2026-10-25T23:00:00Z')).toBe('2026-10-26');
  });

  it('reads offsets other than Z', () => {
    expect(danishDayOf('2026-12-01T00:30:00+01:00')).toBe('2026-12-01');
    expect(danishDayOf('2026-11-30T18:30:00-03:00')).toBe('2026-11-30'); // 22:30 in Copenhagen
    expect(danishDayOf('2026-11-30T20:30:00-03:00')).toBe('2026-12-01'); // 00:30 in Copenhagen
  });

  it('refuses something that is not a date', () => {
    expect(() => danishDayOf('last tuesday')).toThrow(/not a date/);
  });
});

describe('monthOf', () => {
  it('gives the Danish calendar month of an instant', () => {
    expect(monthOf('2026-11-15T10:00:00Z')).toBe('2026-11');
    expect(monthOf('2026-11-30T23:30:00Z')).toBe('2026-12'); // 00:30 on 1 December in Copenhagen
    expect(monthOf('2026-07-31T21:59:59Z')).toBe('2026-07'); // 23:59:59 summer time
    expect(monthOf('2026-12-31T23:00:00Z')).toBe('2027-01'); // New Year in Copenhagen
    expect(monthOf('2026-11-30T23:30:00Z', 'UTC')).toBe('2026-11');
  });
});
