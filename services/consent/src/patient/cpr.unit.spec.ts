import { cprProblems, parseCpr } from './cpr';

describe('CPR numbers', () => {
  it.each([
    ['010190-1234', '1990-01-01'], // serial 1: 1900s
    ['2902004123', '2000-02-29'], // serial 4, year 00: 2000s, leap day
    ['010137-4123', '1937-01-01'], // serial 4, year 37: 1900s
    ['010158-5123', '1858-01-01'], // serial 5, year 58: 1800s
    ['010157-9123', '1957-01-01'], // serial 9, year 57: 1900s
    ['010101-8123', '2001-01-01'], // serial 8, year 01: 2000s
  ])('accepts %s as born %s, without requiring modulus 11', (cpr, birthDate) => {
    expect(cprProblems(cpr)).toEqual([]);
    expect(parseCpr(cpr)?.birthDate).toBe(birthDate);
  });

  it.each([
    ['320190-1234', 'real date'],
    ['290201-1234', 'real date'], // 1901 was no leap year
    ['0101901234x', 'ten digits'],
    ['01019-01234', 'ten digits'],
    ['', 'ten digits'],
  ])('rejects %s (%s)', (cpr, reason) => {
    expect(cprProblems(cpr).join()).toContain(reason);
  });

  it('normalises to DDMMYY-SSSS', () => {
    expect(parseCpr('0101901234')?.normalised).toBe('010190-1234');
  });
});
