import { randomUUID } from 'node:crypto';
import type { Producer } from 'kafkajs';
import { TOPICS } from '@hub/contracts';
import { appendToStream, ensureEventStoreSchema, publishableOf, readStream } from '@hub/event-store';
import { connectProducer, createKafka, silentLogger, toMessage } from '@hub/messaging';
import { createScratchDatabase, requireEnv, type ScratchDatabase } from '@hub/testing';
import { EXIT } from './command';
import { verifyCommand } from './commands/verify.command';
import { runCommand } from './verify/verify-test-log';

jest.setTimeout(90_000);

const brokers = () => requireEnv('KAFKA_BROKERS');
const topic = TOPICS.intake;
let db: ScratchDatabase;
let producer: Producer;
/** Unique stream keys, so the streams of other runs on the same topic are left out with --stream-prefix. */
const prefix = `kafka-verify-${randomUUID()}-`;

beforeAll(async () => {
  db = await createScratchDatabase('verifykafka');
  await ensureEventStoreSchema(db.pool);
  producer = await connectProducer(createKafka('hubctl-verify-int', brokers().split(','), silentLogger));
  for (const kind of ['clean', 'bad']) {
    for (let s = 0; s < 2; s++) {
      const stream = `${prefix}${kind}-${s}`;
      for (let v = 0; v < 3; v++) await appendToStream(db.pool, stream, v, [{ eventId: randomUUID(), type: 'Counted', schemaVersion: 1, data: { n: v + 1 }, metadata: { correlationId: stream } }]);
      const messages = (await readStream(db.pool, stream)).map((e) => toMessage(publishableOf(e)));
      if (kind === 'bad' && s === 1) messages[1] = { ...messages[1], value: JSON.stringify({ n: 20 }) };
      // At-least-once delivery: a repeated message is not tampering.
      if (kind === 'clean' && s === 0) messages.push(messages[2]);
      await producer.send({ topic, messages });
    }
  }
});

afterAll(async () => {
  await producer?.disconnect();
  await db?.drop();
});

describe('hubctl verify --kafka', () => {
  it('verifies chains and contiguity from the topic alone, and says checkpoints are not on Kafka', async () => {
    const { code, out } = await runCommand(verifyCommand, ['--kafka', brokers(), '--topic', topic, '--stream-prefix', `${prefix}clean-`, '--json']);
    expect(code).toBe(EXIT.ok);
    const report = JSON.parse(out);
    expect(report).toMatchObject({ ok: true, events: 6, streams: 2 });
    expect(report.notes.join('\n')).toMatch(/not on this source: not checked/);
  });

  it('names the tampered message by stream, version, event id and position', async () => {
    const { code, out } = await runCommand(verifyCommand, ['--kafka', brokers(), '--topic', topic, '--stream-prefix', prefix, '--json']);
    expect(code).toBe(EXIT.verificationFailed);
    const [tampered] = (await readStream(db.pool, `${prefix}bad-1`)).slice(1, 2);
    expect(JSON.parse(out).problems).toEqual([
      expect.objectContaining({ kind: 'hash-mismatch', streamId: `${prefix}bad-1`, streamVersion: 2, eventId: tampered.eventId, position: tampered.globalPosition.toString() }),
    ]);
  });
});
