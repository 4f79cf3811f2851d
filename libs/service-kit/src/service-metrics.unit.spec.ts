import { metrics as api } from '@opentelemetry/api';
import { metrics } from '@opentelemetry/sdk-node';
import type { ConsumerStats, PartitionLag } from '@hub/messaging';
import { ConsumerRegistry, type ObservedConsumer } from './consumer-registry';
import type { RelayHost } from './hosts';
import { ServiceMetrics } from './service-metrics';

/** A metric reader the test pulls from, as an exporter would on its interval. */
class PullReader extends metrics.MetricReader {
  protected async onForceFlush(): Promise<void> {}
  protected async onShutdown(): Promise<void> {}
}

const consumer = (name: string, partitions: PartitionLag[] | Error, stats: ConsumerStats): ObservedConsumer => ({
  name,
  lag: () => (partitions instanceof Error ? Promise.reject(partitions) : Promise.resolve(partitions)),
  stats: () => stats,
});

async function collected(reader: PullReader): Promise<Map<string, Array<{ value: number; attributes: Record<string, unknown> }>>> {
  const { resourceMetrics } = await reader.collect();
  const out = new Map<string, Array<{ value: number; attributes: Record<string, unknown> }>>();
  for (const scope of resourceMetrics.scopeMetrics) {
    for (const metric of scope.metrics) out.set(metric.descriptor.name, metric.dataPoints.map((p) => ({ value: p.value as number, attributes: p.attributes })));
  }
  return out;
}

describe('service metrics: lag and throughput as OpenTelemetry instruments', () => {
  const reader = new PullReader();
  const provider = new metrics.MeterProvider({ readers: [reader] });
  const registry = new ConsumerRegistry();
  const relay = { stats: () => ({ published: 42, lastDrainRate: 10, consecutiveFailures: 1, checkpointPosition: '42' }) } as unknown as RelayHost;
  const service = new ServiceMetrics(registry, relay);

  beforeAll(() => {
    api.setGlobalMeterProvider(provider);
    service.onApplicationBootstrap();
  });

  afterAll(async () => {
    service.onApplicationShutdown();
    await provider.shutdown();
    api.disable();
  });

  it('reports each running consumer’s lag per partition and its counters, and the relay’s', async () => {
    const stats = { applied: 7, deadLettered: 1, skipped: 0, waitingForDatabase: false };
    registry.add(consumer('indicators-quality', [{ topic: 'pro.quality.records.v1', partition: 0, end: '12', next: '9', lag: 3 }, { topic: 'pro.quality.records.v1', partition: 1, end: '4', next: '4', lag: 0 }], stats));
    const m = await collected(reader);
    expect(m.get('hub.consumer.lag')).toEqual([
      { value: 3, attributes: { consumer: 'indicators-quality', topic: 'pro.quality.records.v1', partition: 0 } },
      { value: 0, attributes: { consumer: 'indicators-quality', topic: 'pro.quality.records.v1', partition: 1 } },
    ]);
    expect(m.get('hub.consumer.applied')).toEqual([{ value: 7, attributes: { consumer: 'indicators-quality' } }]);
    expect(m.get('hub.consumer.dead_lettered')).toEqual([{ value: 1, attributes: { consumer: 'indicators-quality' } }]);
    expect(m.get('hub.relay.published')).toEqual([{ value: 42, attributes: {} }]);
    expect(m.get('hub.relay.consecutive_failures')).toEqual([{ value: 1, attributes: {} }]);
  });

  it('a consumer whose lag cannot be measured leaves its gauge out instead of failing the collection', async () => {
    registry.add(consumer('broken', new Error('broker down'), { applied: 0, deadLettered: 0, skipped: 0, waitingForDatabase: true }));
    const m = await collected(reader);
    expect(m.get('hub.consumer.lag')!.map((p) => p.attributes.consumer)).toEqual(['indicators-quality', 'indicators-quality']);
    expect(m.get('hub.consumer.applied')!.map((p) => p.attributes.consumer)).toEqual(['indicators-quality', 'broken']);
  });
});
