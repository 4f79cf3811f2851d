import { parseTokenArgs } from './token-args';

describe('npm run token arguments', () => {
  it('builds the claims of a patient token', () => {
    const patient = '7b0d3c9e-0d7e-4f7a-9d57-3f0f3c8f5e11';
    expect(parseTokenArgs(['--role', 'patient', '--org', '123456789', '--patient', patient, '--ttl', '15m'], '/d')).toEqual({ init: false, dir: '/d', ttl: '15m', claims: { role: 'patient', org: '123456789', patient } });
  });
  it('names every problem', () => {
    expect(parseTokenArgs(['--role', 'boss', '--org', 'x', '--ttl', 'forever'], '/d')).toEqual({
      problems: [expect.stringMatching(/--role/), expect.stringMatching(/--org/), expect.stringMatching(/--ttl/)],
    });
  });
});
