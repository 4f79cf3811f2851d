import { randomUUID } from 'node:crypto';
import { appendToStream } from '@hub/event-store';
import { createScratchDatabase, type ScratchDatabase } from '@hub/testing';
import { openExportedSnapshot, openSnapshot } from './database-read';
import { seedSealedLog } from './verify-test-log';

jest.setTimeout(90_000);

let db: ScratchDatabase;
beforeAll(async () => {
  db = await createScratchDatabase('verify_snapshot');
  await seedSealedLog(db.pool, 2, 3);
});
afterAll(() => db.drop());

const counts = async (client: { query: ScratchDatabase['pool']['query'] }) => {
  const { rows } = await client.query<{ events: string; sealed: string }>('SELECT (SELECT count(*) FROM events) AS events, (SELECT count(*) FROM audit_sequence) AS sealed');
  return rows[0];
};

describe('reading the log on two connections', () => {
  it('the second connection reads in the first one\'s snapshot: what commits in between is in neither', async () => {
    const { client, snapshot } = await openExportedSnapshot(db.url);
    try {
      expect(snapshot).toBeDefined();
      const before = await counts(client);
      await appendToStream(db.pool, `patient-late-${randomUUID()}`, 0, [{ eventId: randomUUID(), type: 'Counted', schemaVersion: 1, data: { n: 1 }, metadata: {} }]);
      await db.pool.query("INSERT INTO audit_sequence (seq, global_position, event_hash) SELECT (SELECT count(*) FROM audit_sequence), global_position, hash FROM events WHERE stream_id LIKE 'patient-late-%'");
      expect(await counts(db.pool)).not.toEqual(before); // committed, visible outside the snapshot
      const beside = await openSnapshot(db.url, snapshot);
      try {
        expect(await counts(beside)).toEqual(before);
        expect(await counts(client)).toEqual(before);
      } finally {
        await beside.end();
      }
    } finally {
      await client.end();
    }
  });

  it('refuses a snapshot id that is not one (it is written into the statement)', async () => {
    await expect(openSnapshot(db.url, "1'; DROP TABLE events; --")).rejects.toThrow(/not a snapshot id/);
  });
});
