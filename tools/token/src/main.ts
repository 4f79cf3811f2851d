/**
 * The local issuer's command line: `npm run token -- --role clinician --org <SOR> [--patient <id>] [--ttl 1h]`
 * prints a signed bearer token; `--init` only creates the key pair and JWKS file. Development and tests only.
 */
import path from 'node:path';
import { ensureLocalIssuer, signLocalToken } from '@hub/auth';
import { parseTokenArgs } from './token-args';

async function main(): Promise<number> {
  const defaultDir = path.join(process.env.HUB_RUN_DIR ?? path.resolve(__dirname, '../../../../.run/hub'), 'auth');
  const parsed = parseTokenArgs(process.argv.slice(2), defaultDir);
  if ('problems' in parsed) {
    process.stderr.write(`token: ${parsed.problems.join('\ntoken: ')}\n`);
    return 2;
  }
  const { jwksFile } = await ensureLocalIssuer(parsed.dir);
  if (parsed.init) {
    process.stdout.write(`${jwksFile}\n`);
    return 0;
  }
  process.stdout.write(`${await signLocalToken(parsed.dir, parsed.claims!, { ttl: parsed.ttl })}\n`);
  return 0;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`token: ${(err as Error).message}\n`);
    process.exit(1);
  },
);
