import { Gauge, type Registry } from 'prom-client';
import type { Siem } from './index.js';

/**
 * SIEM delivery state on /metrics, read at scrape time: whether each sink is up, what is queued in memory
 * and on disk, and cumulative delivered / failed / dropped events (gauges of monotonic counts, since they
 * come from each sink's own counters).
 */
export function registerSiemMetrics(registry: Registry, siem: Pick<Siem, 'stats'>): void {
  // One collect (the first gauge of a scrape) refreshes every gauge from one stats() snapshot.
  const up = new Gauge({
    name: 'gatehouse_siem_up',
    help: '1 while the sink accepts deliveries, 0 after a failed attempt',
    labelNames: ['sink'],
    registers: [registry],
    collect: refresh,
  });
  const queued = new Gauge({ name: 'gatehouse_siem_queued_events', help: 'Events waiting for delivery', labelNames: ['sink', 'where'], registers: [registry] });
  const spool = new Gauge({ name: 'gatehouse_siem_spool_bytes', help: 'Bytes of the on-disk queue', labelNames: ['sink'], registers: [registry] });
  const events = new Gauge({
    name: 'gatehouse_siem_events',
    help: 'Events by result since start: delivered, failed (dead-lettered) or dropped (disk cap)',
    labelNames: ['sink', 'result'],
    registers: [registry],
  });
  function refresh(): void {
    for (const [sink, s] of Object.entries(siem.stats())) {
      up.set({ sink }, s.up ? 1 : 0);
      queued.set({ sink, where: 'memory' }, s.memoryEvents);
      queued.set({ sink, where: 'disk' }, s.diskEvents);
      spool.set({ sink }, s.diskBytes);
      events.set({ sink, result: 'delivered' }, s.delivered);
      events.set({ sink, result: 'failed' }, s.failed);
      events.set({ sink, result: 'dropped' }, s.dropped);
    }
  }
}
