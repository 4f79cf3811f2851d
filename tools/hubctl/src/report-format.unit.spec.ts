import { formatTable } from './report-format';

describe('hubctl table output', () => {
  it('aligns columns, shows null as "-", and rounds fractions to four places', () => {
    expect(formatTable([{ unitSor: '123456', numerator: 1, denominator: 3, rate: 1 / 3 }, { unitSor: '654321', numerator: 0, denominator: 0, rate: null }])).toEqual([
      'unitSor  numerator  denominator  rate',
      '123456   1          3            0.3333',
      '654321   0          0            -',
    ]);
  });

  it('prints nothing for no rows', () => {
    expect(formatTable([])).toEqual([]);
  });
});
