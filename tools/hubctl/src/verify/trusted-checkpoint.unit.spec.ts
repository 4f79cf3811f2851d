import { createHash, generateKeyPairSync } from 'node:crypto';
import { loadAuditSigningKey, signCheckpoint, treeRoot } from '@hub/event-store';
import { auditTree } from './checkpoint-checks';
import { checkTrustedCheckpoints, parseTrustedCheckpoint, toCheckpointJson, type TrustedCheckpoint } from './trusted-checkpoint';

const key = loadAuditSigningKey(generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'der' }).toString('base64'));
const entries = Array.from({ length: 13 }, (_, i) => createHash('sha256').update(`event ${i}`).digest());
const hex = entries.map((e) => e.toString('hex'));

function trustedAt(size: number, over: readonly Buffer[] = entries): TrustedCheckpoint {
  return { file: `cp-${size}.json`, checkpoint: signCheckpoint(key, { log: 'consent', treeSize: size, rootHash: treeRoot(over.slice(0, size)), timestamp: '2026-11-25T04:00:00.000Z' }) };
}

describe('a trusted checkpoint file', () => {
  it('reads back what is saved', () => {
    const saved = trustedAt(7).checkpoint;
    expect(parseTrustedCheckpoint(JSON.stringify(toCheckpointJson(saved)), 'cp.json')).toEqual({ file: 'cp.json', checkpoint: saved });
  });

  it.each([
    ['not json', /cp.json is not JSON/],
    ['[1]', /is not a JSON object/],
    ['{"log":"consent","treeSize":0,"rootHash":"AB","timestamp":"soon","signature":"%%","keyId":""}', /treeSize must be a positive integer; rootHash must be 64 lower-case hex digits; timestamp must be an ISO-8601 time; signature must be base64; keyId must be a non-empty string/],
  ])('refuses %s, naming every mistake', (text, message) => {
    expect(() => parseTrustedCheckpoint(text, 'cp.json')).toThrow(message);
  });
});

describe('holding a log to a trusted checkpoint', () => {
  it('a log that extends it (the same entries, then more) passes', () => {
    expect(checkTrustedCheckpoints([trustedAt(5), trustedAt(13)], auditTree(hex), new Map([[key.keyId, key.publicKey]]))).toEqual({ problems: [], notes: [] });
  });

  it('a log rewritten within the trusted prefix fails, naming the trusted checkpoint', () => {
    const rewritten = [...hex];
    rewritten[2] = createHash('sha256').update('another event').digest('hex');
    const { problems } = checkTrustedCheckpoints([trustedAt(5), trustedAt(2)], auditTree(rewritten), undefined);
    expect(problems).toEqual([expect.objectContaining({ area: 'trusted-checkpoint', kind: 'log-rewritten', treeSize: 5, trustedFile: 'cp-5.json', message: expect.stringContaining('rewritten since the checkpoint you trust') })]);
  });

  it('a log shorter than the trusted checkpoint fails as truncated', () => {
    const { problems } = checkTrustedCheckpoints([trustedAt(13)], auditTree(hex.slice(0, 12)), undefined);
    expect(problems).toEqual([expect.objectContaining({ kind: 'log-truncated', treeSize: 13, message: expect.stringContaining('now has only 12 entries') })]);
  });

  it('checks the file\'s signature when its key is given, notes when it is not', () => {
    const altered = trustedAt(4);
    altered.checkpoint.timestamp = '2026-11-25T05:00:00.000Z';
    expect(checkTrustedCheckpoints([altered], auditTree(hex), new Map([[key.keyId, key.publicKey]])).problems).toEqual([expect.objectContaining({ kind: 'trusted-bad-signature', treeSize: 4 })]);
    const other = loadAuditSigningKey(generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'der' }).toString('base64'));
    expect(checkTrustedCheckpoints([altered], auditTree(hex), new Map([[other.keyId, other.publicKey]]))).toEqual({ problems: [], notes: [expect.stringContaining(`key ${key.keyId} is not one of the given public keys`)] });
  });
});
