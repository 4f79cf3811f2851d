import type { Producer, ProducerBatch, ProducerRecord } from 'kafkajs';
import { classificationOf } from '@hub/contracts';

/**
 * Who may produce where (DESIGN.md "Kafka topics"): the pseudonymisation service is the only door to the quality
 * and research domains, so no other service's producer may write to a `quality` or `research.*` topic, whatever
 * events its store holds. Checked at the producer itself, the last step before the broker: a mistaken contract,
 * a copied handler or a hand-written send cannot open a second door. (A broker with ACLs would enforce the same
 * per service principal; the local single-node broker runs without authentication.)
 */
const DOORKEEPER = 'pseudonymisation';

export class ProducerNotAllowed extends Error {
  readonly code = 'denied';
  readonly retriable = false;
  constructor(
    readonly service: string,
    readonly topic: string,
  ) {
    super(`${service} may not produce to ${topic}: only the ${DOORKEEPER} service produces into the quality and research domains`);
  }
}

/** True when `service` may produce to `topic`. */
export function mayProduce(service: string, topic: string): boolean {
  const classification = classificationOf(topic);
  return (classification !== 'quality' && classification !== 'research') || service === DOORKEEPER;
}

function check(service: string, topics: string[]): void {
  const refused = topics.find((t) => !mayProduce(service, t));
  if (refused) throw new ProducerNotAllowed(service, refused);
}

/** The producer, refusing (before anything is sent) any send or batch naming a topic the service may not produce to. */
export function guardProducer(producer: Producer, service: string): Producer {
  return new Proxy(producer, {
    get(target, property, receiver) {
      if (property === 'send') {
        return (record: ProducerRecord) => {
          check(service, [record.topic]);
          return target.send(record);
        };
      }
      if (property === 'sendBatch') {
        return (batch: ProducerBatch) => {
          check(service, (batch.topicMessages ?? []).map((t) => t.topic));
          return target.sendBatch(batch);
        };
      }
      if (property === 'transaction') throw new ProducerNotAllowed(service, '(transactions are not used by the hub)');
      return Reflect.get(target, property, receiver);
    },
  });
}
