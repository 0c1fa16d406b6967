/*
 * KPI engine benchmark on the demo model: in-order streaming ingest, the same data with 10 % of it late and
 * out of order, and a replay, on one core. Prints a table, then ONE JSON line of figures.
 */
import { performance } from 'perf_hooks';
import { seededRandom, type SignalSample } from '@bsc/common';
import { KpiEngine } from '@bsc/kpi';
import { loadValidModelFromFile, type TwinModel } from '@bsc/twin';

const MODEL_FILE = 'models/demo/acme-manufacturing.yaml';
const SAMPLES = Number(process.env.BENCH_KPI_SAMPLES ?? 1_000_000);
const BATCH = 1_000;
/** One sample per signal every 10 s: about five weeks of demo data for a million samples. */
const STEP_MS = 10_000;
const LATE_SHARE = 0.1;
const MAX_LATENESS_MS = 3_600_000;

function generate(model: TwinModel, count: number): SignalSample[] {
  const random = seededRandom(7);
  const signals = model.signals.map((s) => ({ id: s.id, min: s.range?.min ?? 0, max: s.range?.max ?? 100 }));
  const start = Date.UTC(2026, 0, 1);
  const out: SignalSample[] = [];
  for (let i = 0; out.length < count; i++) {
    for (const s of signals) {
      if (out.length >= count) break;
      const span = Math.min(s.max - s.min, 1_000);
      out.push({ signalId: s.id, ts: start + i * STEP_MS, value: s.min + random() * span, quality: 'good', source: 'bench' });
    }
  }
  return out;
}

/** 10 % of the samples arrive up to an hour late, so the stream is out of order. */
function withLateArrivals(samples: readonly SignalSample[]): SignalSample[] {
  const random = seededRandom(11);
  const keyed = samples.map((s) => ({ s, arrival: s.ts + (random() < LATE_SHARE ? random() * MAX_LATENESS_MS : 0) }));
  return keyed.sort((a, b) => a.arrival - b.arrival).map((k) => k.s);
}

function streamRate(model: TwinModel, samples: readonly SignalSample[]): { perSecond: number; updates: number; values: string } {
  const engine = new KpiEngine(model);
  let updates = 0;
  const started = performance.now();
  for (let i = 0; i < samples.length; i += BATCH) updates += engine.ingest(samples.slice(i, i + BATCH)).length;
  const seconds = (performance.now() - started) / 1000;
  const values = JSON.stringify(engine.currentValues().map((v) => [v.kpiId, v.periodKey, v.value]));
  return { perSecond: samples.length / seconds, updates, values };
}

async function main(): Promise<void> {
  const model = await loadValidModelFromFile(MODEL_FILE);
  const samples = generate(model, SAMPLES);
  const rssBefore = process.memoryUsage().rss;

  const inOrder = streamRate(model, samples);
  const late = streamRate(model, withLateArrivals(samples));
  const replayEngine = new KpiEngine(model);
  const replayStarted = performance.now();
  replayEngine.replay(samples);
  const replayPerSecond = samples.length / ((performance.now() - replayStarted) / 1000);
  const peakRssMb = Math.round(process.memoryUsage().rss / 1e6);

  const rows: Array<[string, string]> = [
    ['samples', String(samples.length)],
    ['KPIs / signals', `${model.kpis.length} / ${model.signals.length}`],
    ['in order (samples/s)', Math.round(inOrder.perSecond).toLocaleString('en')],
    ['10 % late, out of order (samples/s)', Math.round(late.perSecond).toLocaleString('en')],
    ['replay (samples/s)', Math.round(replayPerSecond).toLocaleString('en')],
    ['KPI value updates emitted (in order)', inOrder.updates.toLocaleString('en')],
    ['late data gives the same current values', String(inOrder.values === late.values)],
    ['peak RSS (MB)', String(peakRssMb)],
  ];
  for (const [k, v] of rows) process.stdout.write(`${k.padEnd(42)} ${v}\n`);
  process.stdout.write(
    `${JSON.stringify({
      samples: samples.length,
      inOrderSamplesPerSec: Math.round(inOrder.perSecond),
      outOfOrderSamplesPerSec: Math.round(late.perSecond),
      replaySamplesPerSec: Math.round(replayPerSecond),
      sameValuesWithLateData: inOrder.values === late.values,
      rssBeforeMb: Math.round(rssBefore / 1e6),
      peakRssMb,
    })}\n`,
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`bench-kpi failed: ${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
