import { ROLES, type TokenClaims } from '@hub/auth';
import type { Role } from '@hub/contracts';

export interface TokenRequest {
  init: boolean;
  dir: string;
  claims?: TokenClaims;
  ttl: string;
}

/** Parses `--role R --org SOR [--patient ID] [--project P] [--sub S] [--ttl 1h] [--dir D] | --init`; every problem at once. */
export function parseTokenArgs(argv: string[], defaultDir: string): TokenRequest | { problems: string[] } {
  const opts = new Map<string, string>();
  const problems: string[] = [];
  let init = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--init') init = true;
    else if (/^--(role|org|patient|project|sub|ttl|dir)$/.test(arg) && argv[i + 1] !== undefined) opts.set(arg.slice(2), argv[++i]);
    else problems.push(`unknown or incomplete argument ${arg}`);
  }
  const dir = opts.get('dir') ?? defaultDir;
  const ttl = opts.get('ttl') ?? '1h';
  if (init) return problems.length > 0 ? { problems } : { init, dir, ttl };
  const role = opts.get('role') as Role | undefined;
  const org = opts.get('org');
  if (!role || !ROLES.includes(role)) problems.push(`--role must be one of ${ROLES.join(', ')}`);
  if (!org || !/^[0-9]{6,18}$/.test(org)) problems.push('--org must be a SOR code (6 to 18 digits)');
  if (role === 'patient' && !/^[0-9a-f-]{36}$/i.test(opts.get('patient') ?? '')) problems.push('--patient <patient id> is required for the patient role');
  if (!/^\d+[smhd]$/.test(ttl)) problems.push('--ttl must look like 30m, 1h or 7d');
  if (problems.length > 0) return { problems };
  const claims: TokenClaims = { role: role!, org: org!, ...(opts.has('sub') ? { sub: opts.get('sub') } : {}), ...(opts.has('patient') ? { patient: opts.get('patient') } : {}), ...(opts.has('project') ? { project: opts.get('project') } : {}) };
  return { init, dir, ttl, claims };
}
