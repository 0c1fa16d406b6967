import { constants, type PerformanceEntry, PerformanceObserver } from 'node:perf_hooks';
import { Gauge, type Registry } from 'prom-client';

/** A 'gc' performance entry: its detail names the kind of collection. */
type GcEntry = PerformanceEntry & { detail?: { kind?: number } };

/**
 * Heap in use right after the latest major (mark-compact) collection: what the process really keeps alive.
 * `heap_size_used` also counts garbage waiting for the next collection, so its slope over a soak rises and falls
 * with the collector's rhythm; this one only rises when something leaks.
 */
export function registerHeapAfterGcMetric(registry: Registry, prefix: string): PerformanceObserver {
  const gauge = new Gauge({
    name: `${prefix}heap_after_major_gc_bytes`,
    help: 'V8 heap in use right after the latest major garbage collection (live data), in bytes',
    registers: [registry],
  });
  const observer = new PerformanceObserver((list) => {
    const major = list
      .getEntries()
      .some((entry: GcEntry) => entry.detail?.kind === constants.NODE_PERFORMANCE_GC_MAJOR);
    if (major) gauge.set(process.memoryUsage().heapUsed);
  });
  observer.observe({ entryTypes: ['gc'] });
  return observer;
}
