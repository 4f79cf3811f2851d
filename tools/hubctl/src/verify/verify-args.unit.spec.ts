import { UsageError } from '../command';
import { parseVerifyArgs } from './verify-args';

describe('hubctl verify arguments', () => {
  it('takes one source with its options', () => {
    expect(parseVerifyArgs(['--database', 'postgres://x/y', '--public-key', 'a.pem', '--public-key=b.pem', '--json'])).toEqual({
      source: { kind: 'database', url: 'postgres://x/y' },
      publicKeyFiles: ['a.pem', 'b.pem'],
      json: true,
      workers: undefined,
      streamPrefix: undefined,
    });
    expect(parseVerifyArgs(['--kafka', 'h:1,h:2', '--topic', 't1', '--topic', 't2', '--workers', '0']).source).toEqual({ kind: 'kafka', brokers: ['h:1', 'h:2'], topics: ['t1', 't2'] });
  });

  it.each([
    [[], /exactly one source/],
    [['--database', 'u', '--file', 'f'], /exactly one source/],
    [['--kafka', 'h:1'], /needs at least one --topic/],
    [['--file', 'f', '--topic', 't'], /only goes with --kafka/],
    [['--file'], /needs a value/],
    [['--file', 'f', '--bogus'], /unknown option --bogus/],
    [['--file', 'f', '--workers', '-1'], /--workers/],
  ])('refuses %j with a usage error', (args, message) => {
    expect(() => parseVerifyArgs(args)).toThrow(UsageError);
    expect(() => parseVerifyArgs(args)).toThrow(message);
  });
});
