import { randomUUID } from 'node:crypto';
import { Client, Pool } from 'pg';
import { requireEnv } from './services';

export interface ScratchDatabase {
  url: string;
  pool: Pool;
  drop(): Promise<void>;
}

/**
 * A fresh database on the real test server (admin DATABASE_URL), dropped afterwards: isolates one spec file
 * (or one benchmark contender). `poolSize` bounds the pool's connections.
 */
export async function createScratchDatabase(prefix = 'scratch', poolSize = 20): Promise<ScratchDatabase> {
  const adminUrl = requireEnv('DATABASE_URL');
  const name = `${prefix}_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const pool = new Pool({ connectionString: url.toString(), max: poolSize });
  return {
    url: url.toString(),
    pool,
    async drop() {
      // pool.end() resolves before its connections have closed; DROP ... WITH (FORCE) may then terminate one
      // that is still closing, and that error (on a pool being dropped) must not crash the process.
      pool.on('error', () => undefined);
      await pool.end();
      const a = new Client({ connectionString: adminUrl });
      await a.connect();
      await a.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await a.end();
    },
  };
}
