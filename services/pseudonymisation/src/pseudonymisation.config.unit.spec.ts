import { generateKeyPairSync } from 'node:crypto';
import { ConfigurationError, loadConfig } from '@hub/service-kit';
import { decodeKey, masterKeysOf, PseudonymisationConfig } from './pseudonymisation.config';

const base = { DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/x', KAFKA_BROKERS: '127.0.0.1:19092', PORT: '7104', AUDIT_SIGNING_KEY: generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'der' }).toString('base64') };
const key32 = Buffer.alloc(32, 9).toString('base64');

describe('pseudonymisation configuration', () => {
  it('accepts a base64 master key of at least 32 bytes, as version 1 with no retired keys by default', () => {
    const config = loadConfig(PseudonymisationConfig, { ...base, PSEUDONYM_MASTER_KEY: key32 });
    expect(decodeKey(config.PSEUDONYM_MASTER_KEY)).toEqual(Buffer.alloc(32, 9));
    expect(masterKeysOf(config)).toEqual({ current: { version: 1, secret: Buffer.alloc(32, 9) }, retired: [] });
  });

  it('reads a rotated master key with its version and the retired keys still needed', () => {
    const old = Buffer.alloc(40, 1).toString('base64');
    const config = loadConfig(PseudonymisationConfig, { ...base, PSEUDONYM_MASTER_KEY: key32, PSEUDONYM_MASTER_KEY_VERSION: '3', PSEUDONYM_MASTER_KEYS_RETIRED: `1:${old},2:${key32}` });
    expect(masterKeysOf(config)).toEqual({
      current: { version: 3, secret: Buffer.alloc(32, 9) },
      retired: [
        { version: 1, secret: Buffer.alloc(40, 1) },
        { version: 2, secret: Buffer.alloc(32, 9) },
      ],
    });
  });

  it.each([
    ['a version that is not a positive integer', { PSEUDONYM_MASTER_KEY_VERSION: '0' }, /PSEUDONYM_MASTER_KEY_VERSION/],
    ['a retired entry without a version', { PSEUDONYM_MASTER_KEYS_RETIRED: key32 }, /PSEUDONYM_MASTER_KEYS_RETIRED/],
    ['a retired key that is too short', { PSEUDONYM_MASTER_KEYS_RETIRED: `1:${Buffer.alloc(16).toString('base64')}` }, /PSEUDONYM_MASTER_KEYS_RETIRED/],
    ['a retired key reusing the current version', { PSEUDONYM_MASTER_KEY_VERSION: '2', PSEUDONYM_MASTER_KEYS_RETIRED: `2:${key32}` }, /PSEUDONYM_MASTER_KEYS_RETIRED/],
    ['two retired keys of one version', { PSEUDONYM_MASTER_KEY_VERSION: '3', PSEUDONYM_MASTER_KEYS_RETIRED: `1:${key32},1:${key32}` }, /PSEUDONYM_MASTER_KEYS_RETIRED/],
  ])('refuses %s, naming the variable', (_, extra, name) => {
    expect(() => loadConfig(PseudonymisationConfig, { ...base, PSEUDONYM_MASTER_KEY: key32, ...extra })).toThrow(name);
  });

  it.each([
    ['missing', undefined],
    ['too short', Buffer.alloc(16, 1).toString('base64')],
    ['not base64', `${key32.slice(0, -4)}!!!!`],
  ])('refuses a key that is %s, naming the variable', (_, value) => {
    expect(() => loadConfig(PseudonymisationConfig, { ...base, PSEUDONYM_MASTER_KEY: value })).toThrow(ConfigurationError);
    expect(() => loadConfig(PseudonymisationConfig, { ...base, PSEUDONYM_MASTER_KEY: value })).toThrow(/PSEUDONYM_MASTER_KEY/);
  });
});
