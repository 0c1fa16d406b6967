/*
 * Where the ingestion process's memory goes on bench:scale's model (default 100k signals / 10k KPIs): the pieces it
 * holds are built one after another (the validated model, the twin graph when the model has planned downtime, the
 * signal catalog, the KPI engine through the ingestion's factory, the anomaly monitors), then the engine is fed one
 * sample per signal and --seconds of samples at --rate a second over the signals in turn, their timestamps spread
 * over --event-seconds (generated batch by batch, so only what the engine keeps stays). After each step, a full GC
 * (run with --expose-gc), and the growth of V8's heap, of array buffers and of RSS. --snapshot DIR writes a heap
 * snapshot after the last step. Prints a table, then ONE JSON line.
 */
import { writeHeapSnapshot } from 'node:v8';
import { join } from 'node:path';
import type { SignalSample } from '@bsc/common';
import { compileSignalCatalog, TwinGraph, validateModel, type TwinModel } from '@bsc/twin';
import { AnomalyMonitors } from '../../apps/ingestion/src/alerts/anomaly-monitors';
import { IngestionConfig } from '../../apps/ingestion/src/config/ingestion.config';
import { kpiEngineFactory } from '../../apps/ingestion/src/kpi/kpi-engine.factory';
import { SCALE_SIZES, scaleModel, type ScaleSize } from './support/scale-model';
import { seededSamples, spreadTs } from './support/scale-stream';
import { argString } from './support/bench-args';

const SIZE = argString('size', '100k') as ScaleSize;
const RATE = Number(argString('rate', '20000'));
const SECONDS = Number(argString('seconds', '20'));
const BATCH = Number(argString('batch', '1000'));
/** Event time the stream spans (default --seconds): longer spreads the samples over more minute buckets. */
const EVENT_SECONDS = Number(argString('event-seconds', String(SECONDS)));
const SNAPSHOT_DIR = argString('snapshot', '');
/** The engine as the ingestion builds it with its config's defaults. */
const ENGINE_CONFIG = new IngestionConfig();
const START = Date.UTC(2026, 0, 15, 10, 0, 0);
const MB = 1024 * 1024;

interface Usage {
  heapUsed: number;
  heapTotal: number;
  external: number;
  arrayBuffers: number;
  rss: number;
}

interface Step {
  step: string;
  heapUsedMb: number;
  externalMb: number;
  rssMb: number;
  totalHeapUsedMb: number;
  /** V8's heap as reserved (heapUsed plus room it keeps): RSS follows this, not heapUsed. */
  totalHeapMb: number;
  totalRssMb: number;
}

function usage(): Usage {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('run with node --expose-gc');
  gc();
  gc();
  const m = process.memoryUsage();
  return {
    heapUsed: m.heapUsed,
    heapTotal: m.heapTotal,
    external: m.external,
    arrayBuffers: m.arrayBuffers,
    rss: m.rss,
  };
}

const mb = (bytes: number): number => Math.round((bytes / MB) * 10) / 10;

function main(): void {
  const signals = SCALE_SIZES[SIZE];
  if (!signals) throw new Error(`--size must be one of ${Object.keys(SCALE_SIZES).join(', ')}`);
  const steps: Step[] = [];
  const base = usage();
  let last = base;
  const measure = (step: string): void => {
    const now = usage();
    steps.push({
      step,
      heapUsedMb: mb(now.heapUsed - last.heapUsed),
      externalMb: mb(now.external - last.external),
      rssMb: mb(now.rss - last.rss),
      totalHeapUsedMb: mb(now.heapUsed),
      totalHeapMb: mb(now.heapTotal),
      totalRssMb: mb(now.rss),
    });
    last = now;
  };

  // What the ingestion keeps is the validated model (from the database); the written document is let go.
  const model = validateModel(scaleModel(signals, 'bench')).model as TwinModel;
  measure('model (validated)');
  // The ingestion builds the twin graph only when it reads it (planned downtime, KPI partitions of a scale-out).
  let graph: TwinGraph | undefined;
  const snapshot = {
    model,
    get graph(): TwinGraph {
      return (graph ??= TwinGraph.fromModel(model));
    },
    version: 1,
    importedAt: 0,
  };
  if ((model.calendar.plannedDowntime ?? []).length > 0) {
    void snapshot.graph;
    measure('twin graph (planned downtime)');
  }
  const catalog = compileSignalCatalog(model, 1);
  measure('signal catalog');
  const engine = kpiEngineFactory(ENGINE_CONFIG)(snapshot);
  measure('KPI engine (built)');
  const monitors = new AnomalyMonitors(snapshot, false);
  measure('anomaly monitors (no signal rule)');

  const sample = seededSamples(31);
  const ids = model.signals.map((s) => s.id);
  for (let i = 0; i < ids.length; i += BATCH)
    engine.ingest(ids.slice(i, i + BATCH).map((id) => sample(id, START - 1000)));
  measure('one sample per signal');
  const total = RATE * SECONDS;
  for (let i = 0; i < total; i += BATCH) {
    const batch: SignalSample[] = [];
    for (let j = i; j < Math.min(total, i + BATCH); j++)
      batch.push(sample(ids[j % ids.length], spreadTs(j, total, START, EVENT_SECONDS * 1000)));
    for (const value of engine.ingest(batch)) monitors.observeValue(value);
  }
  measure(`${total} samples over ${EVENT_SECONDS} s`);
  if (SNAPSHOT_DIR) writeHeapSnapshot(join(SNAPSHOT_DIR, `ingest-memory-${SIZE}.heapsnapshot`));

  for (const s of steps)
    process.stdout.write(
      `${s.step.padEnd(36)} heap ${s.heapUsedMb.toFixed(1).padStart(7)} MB  external ` +
        `${s.externalMb.toFixed(1).padStart(6)} MB  RSS ${s.rssMb.toFixed(1).padStart(7)} MB  ` +
        `(heap ${s.totalHeapUsedMb.toFixed(0)} of ${s.totalHeapMb.toFixed(0)} MB, RSS ${s.totalRssMb.toFixed(0)} MB)\n`,
    );
  // keeps every piece alive to the end: otherwise the last measurement would see them collected
  if (catalog.size !== signals || !monitors || engine.tick(START) === undefined) throw new Error('lost a piece');
  process.stdout.write(
    `${JSON.stringify({
      size: SIZE,
      signals,
      kpis: model.kpis.length,
      rate: RATE,
      seconds: SECONDS,
      eventSeconds: EVENT_SECONDS,
      baseHeapUsedMb: mb(base.heapUsed),
      baseRssMb: mb(base.rss),
      steps,
      heldHeapUsedMb: mb(last.heapUsed - base.heapUsed),
      heldRssMb: mb(last.rss - base.rss),
      peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
    })}\n`,
  );
}

main();
