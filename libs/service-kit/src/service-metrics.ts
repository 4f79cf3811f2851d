import { Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { metrics, type BatchObservableCallback, type Meter, type Observable } from '@opentelemetry/api';
import { ConsumerRegistry } from './consumer-registry';
import { RelayHost } from './hosts';

/**
 * Lag and throughput as OpenTelemetry metrics (DESIGN.md "Observability"), read when the exporter collects:
 * consumer lag per topic and partition against the database's offsets (the source of truth), messages applied,
 * dead-lettered and skipped per consumer, and the relay's published count and failure streak. A no-op until
 * the Node SDK registers a meter provider (it does at start, exporting as `OTEL_METRICS_EXPORTER` says).
 */
@Injectable()
export class ServiceMetrics implements OnApplicationBootstrap, OnApplicationShutdown {
  private meter?: Meter;
  private observables: Observable[] = [];
  private callback?: BatchObservableCallback;

  constructor(
    private readonly consumers: ConsumerRegistry,
    private readonly relay: RelayHost,
  ) {}

  onApplicationBootstrap(): void {
    const meter = metrics.getMeter('@hub/service-kit');
    const lag = meter.createObservableGauge('hub.consumer.lag', { description: 'Messages on the partition not yet applied by the consumer', unit: '{message}' });
    const applied = meter.createObservableCounter('hub.consumer.applied', { description: 'Messages applied by the consumer since start', unit: '{message}' });
    const deadLettered = meter.createObservableCounter('hub.consumer.dead_lettered', { description: 'Messages sent to the dead-letter topic since start', unit: '{message}' });
    const published = meter.createObservableCounter('hub.relay.published', { description: 'Events published by the outbox relay since start', unit: '{event}' });
    const failures = meter.createObservableGauge('hub.relay.consecutive_failures', { description: 'Failed relay drains in a row', unit: '{drain}' });
    this.observables = [lag, applied, deadLettered, published, failures];
    this.callback = async (result) => {
      for (const consumer of this.consumers.list()) {
        const stats = consumer.stats();
        if (stats) {
          result.observe(applied, stats.applied, { consumer: consumer.name });
          result.observe(deadLettered, stats.deadLettered, { consumer: consumer.name });
        }
        // A broker or database outage leaves the gauge unobserved for this round rather than failing the export.
        const partitions = await consumer.lag().catch(() => []);
        for (const p of partitions) result.observe(lag, p.lag, { consumer: consumer.name, topic: p.topic, partition: p.partition });
      }
      const relay = this.relay.stats();
      if (relay) {
        result.observe(published, relay.published);
        result.observe(failures, relay.consecutiveFailures);
      }
    };
    meter.addBatchObservableCallback(this.callback, this.observables);
    this.meter = meter;
  }

  onApplicationShutdown(): void {
    if (this.meter && this.callback) this.meter.removeBatchObservableCallback(this.callback, this.observables);
  }
}
