import { DatabaseUnavailable, isDatabaseUnavailable } from './database-failure';

describe('database failure classification', () => {
  it.each([
    [{ code: 'ECONNREFUSED' }],
    [{ code: '57P01', message: 'terminating connection due to administrator command' }],
    [{ code: '08006' }],
    [{ code: '3D000' }],
    [new Error('Connection terminated unexpectedly')],
    [new DatabaseUnavailable(new Error('x'))],
  ])('%p is an outage to wait out', (err) => {
    expect(isDatabaseUnavailable(err)).toBe(true);
  });

  it.each([[{ code: '23505' }], [{ code: '22P02' }], [new Error('handler bug')], [undefined]])('%p is not an outage', (err) => {
    expect(isDatabaseUnavailable(err)).toBe(false);
  });
});
