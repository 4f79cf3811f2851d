import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { exportJWK, generateKeyPair, importJWK, SignJWT, type JWK } from 'jose';
import type { Role } from '@hub/contracts';

/**
 * The local issuer for development and tests: an ES256 key pair in a directory under .run, its public half
 * published as a JWKS file the services verify against. Production points AUTH_JWKS_URL at a real identity
 * provider instead; nothing in the services knows the difference.
 */
export const LOCAL_ISSUER = 'urn:pro-hub:local-issuer';
export const LOCAL_AUDIENCE = 'urn:pro-hub';

export interface TokenClaims {
  role: Role;
  org: string;
  sub?: string;
  patient?: string;
  project?: string;
}

export interface SignOptions {
  /** Lifetime as jose understands it ('1h', '15m'), or seconds; negative values make an already expired token. */
  ttl?: string | number;
  issuer?: string;
  audience?: string;
}

const files = (dir: string) => ({ privateKey: path.join(dir, 'issuer-key.json'), jwks: path.join(dir, 'jwks.json') });

/** Creates the key pair and JWKS file once; later calls reuse them, so tokens outlive a restart. */
export async function ensureLocalIssuer(dir: string): Promise<{ privateKeyFile: string; jwksFile: string }> {
  const f = files(dir);
  if (!existsSync(f.privateKey) || !existsSync(f.jwks)) {
    mkdirSync(dir, { recursive: true });
    const { publicKey, privateKey } = await generateKeyPair('ES256', { extractable: true });
    const kid = randomUUID();
    const jwk = { ...(await exportJWK(publicKey)), kid, alg: 'ES256', use: 'sig' };
    writeFileSync(f.privateKey, JSON.stringify({ ...(await exportJWK(privateKey)), kid, alg: 'ES256' }), { mode: 0o600 });
    writeFileSync(f.jwks, JSON.stringify({ keys: [jwk] }, null, 2));
  }
  return { privateKeyFile: f.privateKey, jwksFile: f.jwks };
}

/** The environment a service needs to trust the local issuer in `dir`. */
export function localAuthEnv(dir: string): Record<string, string> {
  return { AUTH_JWKS_FILE: files(dir).jwks, AUTH_ISSUER: LOCAL_ISSUER, AUTH_AUDIENCE: LOCAL_AUDIENCE };
}

/** Signs a token for the given claims with the local issuer's key. */
export async function signLocalToken(dir: string, claims: TokenClaims, options: SignOptions = {}): Promise<string> {
  const jwk = JSON.parse(readFileSync(files(dir).privateKey, 'utf8')) as JWK & { kid: string };
  const key = await importJWK(jwk, 'ES256');
  const now = Math.floor(Date.now() / 1000);
  const ttl = options.ttl ?? '1h';
  const { sub, ...rest } = claims;
  const jwt = new SignJWT({ ...rest })
    .setProtectedHeader({ alg: 'ES256', kid: jwk.kid, typ: 'JWT' })
    .setSubject(sub ?? `${claims.role}-${claims.org}`)
    .setIssuer(options.issuer ?? LOCAL_ISSUER)
    .setAudience(options.audience ?? LOCAL_AUDIENCE)
    .setJti(randomUUID());
  // A negative lifetime makes an expired token on purpose (tests of the 401), so iat moves back with it.
  if (typeof ttl === 'number') return jwt.setIssuedAt(Math.min(now, now + ttl - 60)).setExpirationTime(now + ttl).sign(key);
  return jwt.setIssuedAt(now).setExpirationTime(ttl).sign(key);
}
