import path from 'node:path';
import { ensureLocalIssuer, localAuthEnv, signLocalToken, type SignOptions, type TokenClaims } from '@hub/auth';
import { request, type HttpResult } from './http';

const ROOT = path.resolve(__dirname, '../../..');

/**
 * Makes the local issuer available to a test file: the one `npm test` created (AUTH_LOCAL_ISSUER_DIR), or one
 * in .run/test-auth when a spec runs alone. Sets the AUTH_* variables, so services started in-process or as
 * child processes afterwards trust it. Call before starting services.
 */
export async function useTestAuth(): Promise<string> {
  const dir = process.env.AUTH_LOCAL_ISSUER_DIR ?? path.join(ROOT, '.run', 'test-auth');
  await ensureLocalIssuer(dir);
  Object.assign(process.env, { AUTH_LOCAL_ISSUER_DIR: dir, ...localAuthEnv(dir) });
  return dir;
}

/** A signed bearer token for the actor (role, organisation SOR, and for patients the patient id). */
export async function tokenFor(claims: TokenClaims, options?: SignOptions): Promise<string> {
  return signLocalToken(await useTestAuth(), claims, options);
}

export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

/** `request` with a fresh token for the actor. */
export async function requestAs<T = unknown>(claims: TokenClaims, method: string, url: string, body?: unknown, headers: Record<string, string> = {}): Promise<HttpResult<T>> {
  return request<T>(method, url, body, { ...bearer(await tokenFor(claims)), ...headers });
}
