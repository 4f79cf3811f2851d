import { ageBandOn, ageOn, danishDayOf, monthOf } from './calendar';

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

describe('ages and age bands', () => {
  it('counts the birthday itself as reached, the day before not', () => {
    expect(ageOn('1990-06-15', '2026-06-14')).toBe(35);
    expect(ageOn('1990-06-15', '2026-06-15')).toBe(36);
  });

  it('bands at the tenth birthday: 9 the day before is 0-9, 10 on the day is 10-19', () => {
    expect(ageBandOn('2016-11-03', '2026-11-02')).toBe('0-9');
    expect(ageBandOn('2016-11-03', '2026-11-03')).toBe('10-19');
  });

  it('runs from 0-9 on the day of birth to 80-89, then 90+', () => {
    expect(ageBandOn('2026-11-03', '2026-11-03')).toBe('0-9');
    expect(ageBandOn('1936-11-04', '2026-11-03')).toBe('80-89');
    expect(ageBandOn('1936-11-03', '2026-11-03')).toBe('90+');
    expect(ageBandOn('1910-01-01', '2026-11-03')).toBe('90+');
    expect(ageBandOn('1966-01-01', '2026-11-03')).toBe('60-69');
  });

  it('has someone born on 29 February turn older on 1 March in common years', () => {
    expect(ageBandOn('2008-02-29', '2018-02-28')).toBe('0-9');
    expect(ageBandOn('2008-02-29', '2018-03-01')).toBe('10-19');
    expect(ageBandOn('2008-02-29', '2028-02-29')).toBe('20-29');
  });

  it('gives no band for a birth date after the day (bad data is not an age)', () => {
    expect(ageBandOn('2026-11-04', '2026-11-03')).toBeUndefined();
  });
});
