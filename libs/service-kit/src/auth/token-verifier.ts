import { readFileSync } from 'node:fs';
import { createLocalJWKSet, createRemoteJWKSet, errors, jwtVerify, type JWTPayload } from 'jose';
import type { Actor } from '@hub/access-policy';
import { ROLES } from '@hub/auth';
import type { Role } from '@hub/contracts';
import { unauthenticated } from '../errors';
import type { AuthConfig } from './auth-config';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const SOR = /^[0-9]{6,18}$/;
/** The subject ends up in access logs and events outside the consent service: it must never be a CPR number. */
const CPR_LIKE = /(?<!\d)(0[1-9]|[12]\d|3[01])(0[1-9]|1[0-2])\d{2}[-\s]?\d{4}(?!\d)/;
/** Asymmetric algorithms only: a shared-secret (HS*) or `none` token can never pass. */
const ALGORITHMS = ['ES256', 'RS256', 'EdDSA'];

export type TokenVerifier = (token: string | undefined) => Promise<Actor>;

/** The hub's claims: `sub`, `role`, `org` (SOR code), `patient` (for patients), `project` (for researchers). */
export function actorFromClaims(payload: JWTPayload): Actor {
  const { sub, role, org, patient, project } = payload as JWTPayload & Record<string, unknown>;
  const problems = [
    ...(typeof sub === 'string' && sub ? [] : ['sub is missing']),
    ...(typeof sub === 'string' && CPR_LIKE.test(sub) ? ['sub must not be a CPR number (use a pseudonymous subject)'] : []),
    ...(ROLES.includes(role as Role) ? [] : [`role must be one of ${ROLES.join(', ')}`]),
    ...(typeof org === 'string' && SOR.test(org) ? [] : ['org must be a SOR code']),
    ...(role !== 'patient' || (typeof patient === 'string' && UUID.test(patient)) ? [] : ['a patient token names the patient (uuid)']),
  ];
  if (problems.length > 0) throw unauthenticated(`token claims are invalid: ${problems.join('; ')}`);
  return {
    subject: sub!,
    role: role as Role,
    orgSor: org as string,
    ...(role === 'patient' ? { patientId: (patient as string).toLowerCase() } : {}),
    ...(typeof project === 'string' ? { projectId: project } : {}),
  };
}

function explain(err: unknown): string {
  if (err instanceof errors.JWTExpired) return 'the token has expired';
  if (err instanceof errors.JWSSignatureVerificationFailed) return 'the token signature does not verify';
  if (err instanceof errors.JWKSNoMatchingKey) return 'the token is not signed by a trusted key';
  if (err instanceof errors.JWTClaimValidationFailed) return `the token's ${err.claim} claim is not accepted (${err.reason})`;
  if (err instanceof errors.JOSEAlgNotAllowed) return 'the token is unsigned or uses an algorithm the hub does not accept';
  if (err instanceof errors.JOSEError) return `the token is invalid (${err.code})`;
  return 'the token is invalid';
}

/** Verifies a bearer token against the configured JWKS, issuer and audience; any failure is a 401 with the reason. */
export function createTokenVerifier(config: AuthConfig): TokenVerifier {
  const keys = config.AUTH_JWKS_URL ? createRemoteJWKSet(new URL(config.AUTH_JWKS_URL)) : createLocalJWKSet(JSON.parse(readFileSync(config.AUTH_JWKS_FILE!, 'utf8')));
  return async (token) => {
    if (!token) throw unauthenticated('a bearer token is required (Authorization: Bearer <token>)');
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, keys, { issuer: config.AUTH_ISSUER, audience: config.AUTH_AUDIENCE, algorithms: ALGORITHMS, requiredClaims: ['exp', 'sub'] }));
    } catch (err) {
      throw unauthenticated(explain(err));
    }
    return actorFromClaims(payload);
  };
}
