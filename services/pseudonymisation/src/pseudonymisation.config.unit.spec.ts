import { generateKeyPairSync } from 'node:crypto';
import { ConfigurationError, loadConfig } from '@hub/service-kit';
import { decodeKey, PseudonymisationConfig } from './pseudonymisation.config';

const base = { DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/x', KAFKA_BROKERS: '127.0.0.1:19092', PORT: '7104', AUDIT_SIGNING_KEY: generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'der' }).toString('base64') };
const key32 = Buffer.alloc(32, 9).toString('base64');

describe('pseudonymisation configuration', () => {
  it('accepts a base64 master key of at least 32 bytes', () => {
    const config = loadConfig(PseudonymisationConfig, { ...base, PSEUDONYM_MASTER_KEY: key32 });
    expect(decodeKey(config.PSEUDONYM_MASTER_KEY)).toEqual(Buffer.alloc(32, 9));
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
