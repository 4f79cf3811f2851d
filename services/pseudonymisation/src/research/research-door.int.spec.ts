/**
 * Project registration by a database user that may not create roles, as the services' own users are
 * provisioned (NOCREATEROLE): the project still gets its topic and read schema, and the missing reader role is
 * a clear warning, not a crash. Real Postgres (a scratch database owned by such a user) and real Kafka.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import type { Admin } from 'kafkajs';
import { Client, Pool } from 'pg';
import { researchTopicOf } from '@hub/contracts';
import { applySchema, inTransaction } from '@hub/event-store';
import { createKafka, silentLogger } from '@hub/messaging';
import { createScratchDatabase, requireEnv, type ScratchDatabase } from '@hub/testing';
import { DOMAIN_KEYS_DDL } from '../domains/domain-key.table';
import { domainKeyringOf, domainMasterKeyOf } from '../domains/domain-keys';
import { KeyStoreDomains } from '../domains/key-store-domains';
import { PATIENT_FACTS_DDL } from '../facts/patient-facts';
import { ResearchDoor } from './research-door';
import { readerRoleOf, readSchemaOf } from './research-read-model';
import { RESEARCH_DDL } from './research.tables';

jest.setTimeout(60_000);

const run = randomUUID().slice(0, 8);
const user = `nocreaterole_${run}`;
const password = randomBytes(12).toString('hex');
const adminUrl = requireEnv('DATABASE_URL');
let db: ScratchDatabase;
let pool: Pool;
let kafkaAdmin: Admin;
const warnings: { fields: object; message: string }[] = [];
const logger = { ...silentLogger, warn: (fields: object, message: string) => void warnings.push({ fields, message }) };

async function asAdmin(sql: string): Promise<void> {
  const a = new Client({ connectionString: adminUrl });
  await a.connect();
  await a.query(sql).finally(() => a.end());
}

beforeAll(async () => {
  db = await createScratchDatabase('research_door');
  const name = new URL(db.url).pathname.slice(1);
  await asAdmin(`CREATE ROLE ${user} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD '${password}'`);
  await asAdmin(`ALTER DATABASE ${name} OWNER TO ${user}`);
  const url = new URL(db.url);
  url.username = user;
  url.password = password;
  pool = new Pool({ connectionString: url.toString(), max: 2 });
  await applySchema(pool, `${DOMAIN_KEYS_DDL}\n${PATIENT_FACTS_DDL}\n${RESEARCH_DDL}`);
  kafkaAdmin = createKafka('research-door-int', requireEnv('KAFKA_BROKERS').split(','), silentLogger).admin();
  await kafkaAdmin.connect();
});

afterAll(async () => {
  await kafkaAdmin?.disconnect();
  await pool?.end();
  await db?.drop();
  await asAdmin(`DROP ROLE IF EXISTS ${user}`);
});

const door = () => new ResearchDoor({ domains: new KeyStoreDomains(domainKeyringOf(domainMasterKeyOf(randomBytes(32)))), admin: kafkaAdmin, logger });
const register = (projectId: string) => inTransaction(pool, (tx) => door().registerProject(tx, { projectId, title: 't', consentTextVersions: ['1'], registeredAt: new Date().toISOString() }));

describe('registering a project without the right to create roles', () => {
  it('makes the topic and the read schema, skips the reader role and says so', async () => {
    const projectId = `nocr-${run}`;
    await register(projectId);
    const { rows } = await pool.query('SELECT topic, read_schema, reader_role FROM research_projects WHERE project_id = $1', [projectId]);
    expect(rows).toEqual([{ topic: researchTopicOf(projectId), read_schema: readSchemaOf(projectId), reader_role: null }]);
    expect((await pool.query('SELECT 1 FROM information_schema.tables WHERE table_schema = $1 AND table_name = $2', [readSchemaOf(projectId), 'records'])).rowCount).toBe(1);
    expect((await pool.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [readerRoleOf(projectId)])).rowCount).toBe(0);
    expect(await kafkaAdmin.listTopics()).toContain(researchTopicOf(projectId));
    expect(warnings.map((w) => w.message).join('\n')).toMatch(/may not create roles \(NOCREATEROLE\)/);
  });

  it('is idempotent: registering the same project again changes nothing', async () => {
    const projectId = `nocr-${run}`;
    await register(projectId);
    expect((await pool.query('SELECT count(*)::int AS n FROM research_projects WHERE project_id = $1', [projectId])).rows[0].n).toBe(1);
  });

  it('refuses a project id that is not a slug, before anything is made', async () => {
    await expect(register('Not_A_Slug')).rejects.toMatchObject({ code: 'validation', retriable: false });
    expect((await pool.query("SELECT count(*)::int AS n FROM research_projects WHERE project_id = 'Not_A_Slug'")).rows[0].n).toBe(0);
  });
});
