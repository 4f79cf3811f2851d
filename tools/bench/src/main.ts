/**
 * `npm run bench:log`: runs every benchmark against the real infrastructure of this run and prints one table
 * (stdout) of our figure next to a reference measured in the same run; progress goes to stderr. A missed goal
 * is printed, not fatal: absolute figures on a shared machine are noisy. A benchmark that fails to run is fatal.
 *
 *   node dist/tools/bench/src/main.js [--smoke] [--only <name>]
 * Env (from deploy/infra.sh): DATABASE_URL (admin), KAFKA_BROKERS, <SERVICE>_DATABASE_URL.
 */
import { requireEnv } from '@hub/testing';
import type { BenchContext, BenchRow } from './bench-row';
import { BENCHMARKS } from './benchmarks';
import { formatTable } from './table';

function parseArgs(argv: string[]): { smoke: boolean; only?: string } {
  const smoke = argv.includes('--smoke');
  const i = argv.indexOf('--only');
  return { smoke, only: i >= 0 ? argv[i + 1] : undefined };
}

export async function main(argv: string[]): Promise<number> {
  const { smoke, only } = parseArgs(argv);
  const ctx: BenchContext = {
    databaseUrl: requireEnv('DATABASE_URL'),
    kafkaBrokers: requireEnv('KAFKA_BROKERS').split(','),
    smoke,
    log: (line) => process.stderr.write(`[bench] ${line}\n`),
  };
  const rows: BenchRow[] = [];
  let failed = 0;
  for (const bench of BENCHMARKS.filter((b) => !only || b.name === only)) {
    const t0 = performance.now();
    ctx.log(`${bench.name}: start${smoke ? ' (smoke)' : ''}`);
    try {
      rows.push(...(await bench.run(ctx)));
      ctx.log(`${bench.name}: done in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    } catch (err) {
      failed++;
      ctx.log(`${bench.name}: FAILED: ${(err as Error).stack ?? String(err)}`);
    }
  }
  process.stdout.write(`${formatTable(rows)}\n`);
  process.stdout.write(`measured ${new Date().toISOString()}${smoke ? ' (smoke: tiny runs, figures not meaningful)' : ''}\n`);
  return failed === 0 ? 0 : 1;
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (err: unknown) => {
      process.stderr.write(`bench: ${String(err)}\n`);
      process.exit(1);
    },
  );
}
