import { randomUUID } from 'node:crypto';
import { Module, type INestApplication } from '@nestjs/common';
import { appendToStream, keyIdOf, readCheckpoints, verifyCheckpointSignature } from '@hub/event-store';
import { createScratchDatabase, TEST_AUDIT_KEY, TEST_AUDIT_SIGNING_KEY, type ScratchDatabase } from '@hub/testing';
import { runService } from './bootstrap';
import { SealerHost } from './sealer-host';

jest.setTimeout(60_000);

@Module({})
class EmptyModule {}

let db: ScratchDatabase;
let app: INestApplication;

beforeAll(async () => {
  db = await createScratchDatabase('sealerhost');
  Object.assign(process.env, { DATABASE_URL: db.url, AUDIT_SIGNING_KEY: TEST_AUDIT_SIGNING_KEY, PORT: '0', LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn' });
  app = await runService({ name: 'sealer-host-test', title: 'sealer host test', module: EmptyModule });
});

afterAll(async () => {
  await app?.close();
  await db?.drop();
});

describe('every service seals its log', () => {
  it('sequences what the service commits and signs checkpoints with the configured key', async () => {
    const stream = `s-${randomUUID()}`;
    for (let v = 0; v < 5; v++) await appendToStream(db.pool, stream, v, [{ eventId: randomUUID(), type: 'Counted', schemaVersion: 1, data: { n: v } }]);
    await app.get(SealerHost).drain();
    const { rows } = await db.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM audit_sequence');
    expect(rows[0].n).toBe(5);
    const checkpoints = await readCheckpoints(db.pool);
    expect(checkpoints.at(-1)).toMatchObject({ log: 'sealer-host-test', treeSize: 5, keyId: keyIdOf(TEST_AUDIT_KEY.publicKey) });
    expect(checkpoints.every((c) => verifyCheckpointSignature(TEST_AUDIT_KEY.publicKey, c))).toBe(true);
  });
});
