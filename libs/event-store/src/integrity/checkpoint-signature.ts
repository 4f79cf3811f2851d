import { createHash, createPrivateKey, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';
import { canonicalJson } from './canonical-json';

/** A signed tree head over the first `treeSize` entries of a log's audit sequence. */
export interface SignedCheckpoint {
  /** Which log (the service) the checkpoint is for, so a head cannot be replayed against another log. */
  log: string;
  treeSize: number;
  rootHash: Buffer;
  /** ISO-8601 with milliseconds: when the sealer signed it. */
  timestamp: string;
  signature: Buffer;
  keyId: string;
}

/** The bytes signed: RFC 8785 JSON of `{ log, treeSize, rootHash (hex), timestamp }` (the shared format). */
export function checkpointSigningBytes(c: Pick<SignedCheckpoint, 'log' | 'treeSize' | 'rootHash' | 'timestamp'>): Buffer {
  return Buffer.from(canonicalJson({ log: c.log, treeSize: c.treeSize, rootHash: c.rootHash.toString('hex'), timestamp: c.timestamp }), 'utf8');
}

/** A sealer's key pair and the id auditors look it up by. */
export interface AuditSigningKey {
  privateKey: KeyObject;
  publicKey: KeyObject;
  keyId: string;
}

/** Key id: the first 16 hex digits of SHA-256 over the public key's SPKI DER, so anyone can derive it. */
export function keyIdOf(publicKey: KeyObject): string {
  return createHash('sha256').update(publicKey.export({ type: 'spki', format: 'der' })).digest('hex').slice(0, 16);
}

/** Parses `AUDIT_SIGNING_KEY`: base64 of a PKCS#8 DER Ed25519 private key. Throws a clear error otherwise. */
export function loadAuditSigningKey(base64Pkcs8: string): AuditSigningKey {
  let privateKey: KeyObject;
  try {
    privateKey = createPrivateKey({ key: Buffer.from(base64Pkcs8, 'base64'), format: 'der', type: 'pkcs8' });
  } catch {
    throw new Error('AUDIT_SIGNING_KEY is not a base64 PKCS#8 DER private key');
  }
  if (privateKey.asymmetricKeyType !== 'ed25519') throw new Error(`AUDIT_SIGNING_KEY must be Ed25519, not ${privateKey.asymmetricKeyType}`);
  const publicKey = createPublicKey(privateKey);
  return { privateKey, publicKey, keyId: keyIdOf(publicKey) };
}

/** Loads an auditor's public key (PEM SPKI, as scripts/hub.sh writes it). */
export function loadAuditPublicKey(pem: string): { publicKey: KeyObject; keyId: string } {
  const publicKey = createPublicKey(pem);
  if (publicKey.asymmetricKeyType !== 'ed25519') throw new Error(`audit public key must be Ed25519, not ${publicKey.asymmetricKeyType}`);
  return { publicKey, keyId: keyIdOf(publicKey) };
}

/** Signs a tree head (Ed25519 via node:crypto). */
export function signCheckpoint(key: AuditSigningKey, head: Pick<SignedCheckpoint, 'log' | 'treeSize' | 'rootHash' | 'timestamp'>): SignedCheckpoint {
  return { ...head, signature: sign(null, checkpointSigningBytes(head), key.privateKey), keyId: key.keyId };
}

/** Whether the checkpoint's signature is valid under `publicKey`. */
export function verifyCheckpointSignature(publicKey: KeyObject, c: SignedCheckpoint): boolean {
  try {
    return verify(null, checkpointSigningBytes(c), publicKey, c.signature);
  } catch {
    return false;
  }
}
