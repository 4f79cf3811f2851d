import 'reflect-metadata';
import { generateKeyPairSync } from 'node:crypto';
import { BaseServiceConfig } from './base-config';
import { ConfigurationError, loadConfig } from './config';

const base = { DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/x', KAFKA_BROKERS: '127.0.0.1:19092', PORT: '7101' };
const der = (type: 'ed25519' | 'x25519') =>
  (type === 'ed25519' ? generateKeyPairSync('ed25519') : generateKeyPairSync('x25519')).privateKey.export({ type: 'pkcs8', format: 'der' }).toString('base64');

describe('base service configuration: the audit signing key', () => {
  it('accepts a base64 PKCS#8 Ed25519 private key', () => {
    const key = der('ed25519');
    expect(loadConfig(BaseServiceConfig, { ...base, AUDIT_SIGNING_KEY: key }).AUDIT_SIGNING_KEY).toBe(key);
  });

  it.each([
    ['missing', undefined],
    ['not a key', Buffer.from('not a key').toString('base64')],
    ['another algorithm', der('x25519')],
  ])('refuses a key that is %s, naming the setting', (_, value) => {
    expect(() => loadConfig(BaseServiceConfig, { ...base, AUDIT_SIGNING_KEY: value })).toThrow(ConfigurationError);
    expect(() => loadConfig(BaseServiceConfig, { ...base, AUDIT_SIGNING_KEY: value })).toThrow(/AUDIT_SIGNING_KEY/);
  });
});
