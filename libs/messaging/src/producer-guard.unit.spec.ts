import type { Producer, ProducerBatch, ProducerRecord } from 'kafkajs';
import { guardProducer, mayProduce, ProducerNotAllowed } from './producer-guard';

/** A producer that records what reaches it: the guard's effect is what the broker would (not) receive. */
function recordingProducer(): { producer: Producer; sent: string[] } {
  const sent: string[] = [];
  const producer = {
    send: async (r: ProducerRecord) => {
      sent.push(r.topic);
      return [];
    },
    sendBatch: async (b: ProducerBatch) => {
      sent.push(...(b.topicMessages ?? []).map((t) => t.topic));
      return [];
    },
    disconnect: async () => undefined,
  } as unknown as Producer;
  return { producer, sent };
}

describe('only the pseudonymisation service produces into quality and research', () => {
  it.each([
    ['pseudonymisation', 'pro.quality.records.v1', true],
    ['pseudonymisation', 'pro.research.knee-2026.v1', true],
    ['intake', 'pro.quality.records.v1', false],
    ['indicators', 'pro.research.knee-2026.v1', false],
    ['consent', 'pro.treatment.consent.v1', true],
    ['indicators', 'pro.public.indicators.v1', true],
    ['dispatch', 'pro.ops.deadletter.v1', true],
  ])('%s → %s: %s', (service, topic, allowed) => {
    expect(mayProduce(service, topic)).toBe(allowed);
  });

  it('refuses a send or a batch naming a forbidden topic before anything reaches the broker', async () => {
    const { producer, sent } = recordingProducer();
    const guarded = guardProducer(producer, 'intake');
    await expect(async () => guarded.send({ topic: 'pro.quality.records.v1', messages: [{ value: '{}' }] })).rejects.toBeInstanceOf(ProducerNotAllowed);
    await expect(async () =>
      guarded.sendBatch({ topicMessages: [{ topic: 'pro.treatment.intake.v1', messages: [{ value: '{}' }] }, { topic: 'pro.research.x.v1', messages: [{ value: '{}' }] }] }),
    ).rejects.toThrow(/intake may not produce to pro\.research\.x\.v1/);
    expect(sent).toEqual([]);
    await guarded.send({ topic: 'pro.treatment.intake.v1', messages: [{ value: '{}' }] });
    await guardProducer(producer, 'pseudonymisation').sendBatch({ topicMessages: [{ topic: 'pro.quality.records.v1', messages: [{ value: '{}' }] }] });
    expect(sent).toEqual(['pro.treatment.intake.v1', 'pro.quality.records.v1']);
    await guarded.disconnect(); // everything else passes through
  });
});
