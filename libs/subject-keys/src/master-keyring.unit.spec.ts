import { randomBytes } from 'node:crypto';
import { MasterKeyConfigError } from './errors';
import { unwrapDataKey, wrapDataKey } from './key-wrap';
import { masterKeyringFromEnv } from './master-keyring';

const b64 = () => randomBytes(32).toString('base64');

describe('master keyring from the environment', () => {
  it('reads the current key (version 1 by default) and retired ones', () => {
    const [current, old] = [b64(), b64()];
    const ring = masterKeyringFromEnv({ SUBJECT_MASTER_KEY: current, SUBJECT_MASTER_KEY_VERSION: '2', SUBJECT_MASTER_KEYS_RETIRED: `1:${old}` });
    expect(ring.current.version).toBe(2);
    expect(ring.byVersion(1).key.toString('base64')).toBe(old);
    expect(masterKeyringFromEnv({ SUBJECT_MASTER_KEY: current }).current.version).toBe(1);
  });

  it('lists every problem at once', () => {
    const read = () => masterKeyringFromEnv({ SUBJECT_MASTER_KEY: Buffer.alloc(16).toString('base64'), SUBJECT_MASTER_KEY_VERSION: '0', SUBJECT_MASTER_KEYS_RETIRED: 'x:abc' });
    expect(read).toThrow(MasterKeyConfigError);
    try {
      read();
    } catch (err) {
      expect((err as MasterKeyConfigError).problems.map((p) => p.message)).toEqual([
        'SUBJECT_MASTER_KEY must be base64 of exactly 32 bytes',
        'SUBJECT_MASTER_KEY_VERSION must be a positive integer, got "0"',
        'SUBJECT_MASTER_KEYS_RETIRED[0] version must be a positive integer, got "x"',
        'SUBJECT_MASTER_KEYS_RETIRED[0] key must be base64 of exactly 32 bytes',
      ]);
    }
    expect(() => masterKeyringFromEnv({})).toThrow(/SUBJECT_MASTER_KEY is required/);
  });

  it('names the missing master version instead of failing obscurely', () => {
    expect(() => masterKeyringFromEnv({ SUBJECT_MASTER_KEY: b64(), SUBJECT_MASTER_KEY_VERSION: '3' }).byVersion(2)).toThrow(/master key v2 is not configured/);
  });
});

describe('data key wrap', () => {
  const master = { version: 1, key: randomBytes(32) };
  it('unwraps only for the subject and key version it was wrapped for', () => {
    const dataKey = randomBytes(32);
    const wrapped = wrapDataKey(master, 's1', 1, dataKey);
    expect(unwrapDataKey(master, 's1', 1, wrapped).equals(dataKey)).toBe(true);
    expect(() => unwrapDataKey(master, 's2', 1, wrapped)).toThrow(/does not unwrap/);
    expect(() => unwrapDataKey(master, 's1', 2, wrapped)).toThrow(/does not unwrap/);
    expect(() => unwrapDataKey({ version: 1, key: randomBytes(32) }, 's1', 1, wrapped)).toThrow(/does not unwrap/);
  });
});
