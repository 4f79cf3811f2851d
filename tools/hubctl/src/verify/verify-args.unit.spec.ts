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
      trustedCheckpointFiles: [],
      saveCheckpointFile: undefined,
    });
    expect(parseVerifyArgs(['--file', 'f', '--trusted-checkpoint', 'a.json', '--trusted-checkpoint=b.json', '--save-checkpoint', 'c.json'])).toMatchObject({
      trustedCheckpointFiles: ['a.json', 'b.json'],
      saveCheckpointFile: 'c.json',
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
    [['--kafka', 'h:1', '--topic', 't', '--trusted-checkpoint', 'a.json'], /--trusted-checkpoint needs the audit sequence and checkpoints, which are not on Kafka/],
    [['--kafka', 'h:1', '--topic', 't', '--save-checkpoint', 'a.json'], /--save-checkpoint needs the audit sequence/],
    [['--database', 'u', '--stream-prefix', 'p', '--trusted-checkpoint', 'a.json'], /not with --stream-prefix/],
    [['--file', 'f', '--save-checkpoint', 'a.json', '--save-checkpoint', 'b.json'], /--save-checkpoint given twice/],
  ])('refuses %j with a usage error', (args, message) => {
    expect(() => parseVerifyArgs(args)).toThrow(UsageError);
    expect(() => parseVerifyArgs(args)).toThrow(message);
  });
});
