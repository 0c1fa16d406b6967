/*
 * KPI engine benchmark on the demo model: in-order streaming ingest, the same data with 10 % of it late and
 * out of order, and a replay, on one core. Then a large generated model (10,000 signals and KPIs) fed on 1 % of
 * its signals (BENCH_KPI_ACTIVE_SHARE), with the engine visiting only KPIs with a deadline due against visiting
 * every KPI on every pass (`visitAll`, the baseline), alternately. Prints a table, then ONE JSON line of figures.
 */
import { performance } from 'perf_hooks';
import { seededRandom, type SignalSample } from '@bsc/common';
import { KpiEngine } from '@bsc/kpi';
import { loadValidModelFromFile, type TwinModel } from '@bsc/twin';
import { largeKpiModel } from './large-kpi-model';

const MODEL_FILE = 'models/demo/acme-manufacturing.yaml';
const SAMPLES = Number(process.env.BENCH_KPI_SAMPLES ?? 1_000_000);
const BATCH = 1_000;
/** One sample per signal every 10 s: about five weeks of demo data for a million samples. */
const STEP_MS = 10_000;
const LATE_SHARE = 0.1;
const MAX_LATENESS_MS = 3_600_000;
const LARGE_SIZE = Number(process.env.BENCH_KPI_LARGE_SIZE ?? 10_000);
const LARGE_SAMPLES = Number(process.env.BENCH_KPI_LARGE_SAMPLES ?? 200_000);
/** Share of the large model's signals that send data (the others' KPIs only see time move). */
const ACTIVE_SHARE = Number(process.env.BENCH_KPI_ACTIVE_SHARE ?? 0.01);
/** How often each active signal of the large model sends (default as the demo stream). */
const LARGE_STEP_MS = Number(process.env.BENCH_KPI_LARGE_STEP_MS ?? STEP_MS);
/** BENCH_KPI_LARGE_STAGGER=1: the large model's signals send at instants spread over the step, not all at once. */
const LARGE_STAGGER = process.env.BENCH_KPI_LARGE_STAGGER === '1';
const LARGE_ROUNDS = 3;

function generate(model: TwinModel, count: number, stepMs = STEP_MS, stagger = false): SignalSample[] {
  const random = seededRandom(7);
  const signals = model.signals.map((s) => ({ id: s.id, min: s.range?.min ?? 0, max: s.range?.max ?? 100 }));
  const start = Date.UTC(2026, 0, 1);
  const out: SignalSample[] = [];
  for (let i = 0; out.length < count; i++) {
    for (const [j, s] of signals.entries()) {
      if (out.length >= count) break;
      const span = Math.min(s.max - s.min, 1_000);
      out.push({
        signalId: s.id,
        ts: start + i * stepMs + (stagger ? Math.floor((j * stepMs) / signals.length) : 0),
        value: s.min + random() * span,
        quality: 'good',
        source: 'bench',
      });
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

/** Samples to the first `share` of the model's signals only, one per signal every STEP_MS. */
function generateActive(model: TwinModel, count: number, share: number): SignalSample[] {
  const active = model.signals.slice(0, Math.max(1, Math.round(model.signals.length * share)));
  return generate({ ...model, signals: active }, count, LARGE_STEP_MS, LARGE_STAGGER);
}

interface StreamResult {
  perSecond: number;
  updates: number;
  values: string;
  /** Evaluations per batch after the first (which computes every KPI once). */
  evaluationsPerBatch: number;
  /** CPU time of this thread per batch after the first (less exposed to other load than wall time). */
  cpuMsPerBatch: number;
  /** The same over the batches after the first that moved the watermark. */
  movingBatches: number;
  evaluationsPerMovingBatch: number;
  cpuMsPerMovingBatch: number;
}

function streamRate(model: TwinModel, samples: readonly SignalSample[], visitAll = false): StreamResult {
  const engine = new KpiEngine(model, { visitAll });
  let updates = 0;
  const total = { batches: 0, evaluations: 0, cpuUs: 0 };
  const moving = { batches: 0, evaluations: 0, cpuUs: 0 };
  const started = performance.now();
  for (let i = 0; i < samples.length; i += BATCH) {
    const wm = engine.watermark;
    const evaluations = engine.stats().evaluations;
    const cpu = process.cpuUsage();
    updates += engine.ingest(samples.slice(i, i + BATCH)).length;
    if (i === 0) continue;
    const used = process.cpuUsage(cpu);
    const figures = [total, ...(engine.watermark > wm ? [moving] : [])];
    for (const f of figures) {
      f.batches++;
      f.evaluations += engine.stats().evaluations - evaluations;
      f.cpuUs += used.user + used.system;
    }
  }
  const seconds = (performance.now() - started) / 1000;
  const values = JSON.stringify(engine.currentValues().map((v) => [v.kpiId, v.periodKey, v.value, v.quality]));
  const per = (sum: number, n: number) => (n > 0 ? sum / n : 0);
  return {
    perSecond: samples.length / seconds,
    updates,
    values,
    evaluationsPerBatch: per(total.evaluations, total.batches),
    cpuMsPerBatch: per(total.cpuUs / 1000, total.batches),
    movingBatches: moving.batches,
    evaluationsPerMovingBatch: per(moving.evaluations, moving.batches),
    cpuMsPerMovingBatch: per(moving.cpuUs / 1000, moving.batches),
  };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Deadlines against visiting every KPI, alternately (the machine's load hits both alike); medians. */
function compare(model: TwinModel, samples: readonly SignalSample[], rounds: number) {
  const runs: { scheduled: StreamResult[]; visitAll: StreamResult[] } = { scheduled: [], visitAll: [] };
  for (let r = 0; r < rounds; r++) {
    runs.visitAll.push(streamRate(model, samples, true));
    runs.scheduled.push(streamRate(model, samples));
  }
  const sum = (rs: StreamResult[]) => ({
    perSecond: median(rs.map((x) => x.perSecond)),
    evaluationsPerBatch: rs[0].evaluationsPerBatch,
    cpuMsPerBatch: median(rs.map((x) => x.cpuMsPerBatch)),
    movingBatches: rs[0].movingBatches,
    evaluationsPerMovingBatch: rs[0].evaluationsPerMovingBatch,
    cpuMsPerMovingBatch: median(rs.map((x) => x.cpuMsPerMovingBatch)),
  });
  return {
    scheduled: sum(runs.scheduled),
    visitAll: sum(runs.visitAll),
    sameValues: runs.scheduled[0].values === runs.visitAll[0].values,
  };
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
  const demo = compare(model, samples.slice(0, Math.min(samples.length, 200_000)), LARGE_ROUNDS);
  const large = largeKpiModel(LARGE_SIZE);
  const largeSamples = generateActive(large, LARGE_SAMPLES, ACTIVE_SHARE);
  const big = compare(large, largeSamples, LARGE_ROUNDS);
  const peakRssMb = Math.round(process.memoryUsage().rss / 1e6);

  const rows: Array<[string, string]> = [
    ['samples', String(samples.length)],
    ['KPIs / signals', `${model.kpis.length} / ${model.signals.length}`],
    ['in order (samples/s)', Math.round(inOrder.perSecond).toLocaleString('en')],
    ['10 % late, out of order (samples/s)', Math.round(late.perSecond).toLocaleString('en')],
    ['replay (samples/s)', Math.round(replayPerSecond).toLocaleString('en')],
    ['KPI value updates emitted (in order)', inOrder.updates.toLocaleString('en')],
    ['late data gives the same current values', String(inOrder.values === late.values)],
    ['evaluations per batch (in order)', inOrder.evaluationsPerBatch.toFixed(1)],
    ['demo, visit all / deadlines (samples/s)', `${fmt(demo.visitAll.perSecond)} / ${fmt(demo.scheduled.perSecond)}`],
    [
      'demo, visit all / deadlines (evals/batch)',
      `${demo.visitAll.evaluationsPerBatch.toFixed(1)} / ${demo.scheduled.evaluationsPerBatch.toFixed(1)}`,
    ],
    ['large model (KPIs / samples, % active)', `${large.kpis.length} / ${largeSamples.length}, ${ACTIVE_SHARE * 100}`],
    ['large, visit all / deadlines (samples/s)', `${fmt(big.visitAll.perSecond)} / ${fmt(big.scheduled.perSecond)}`],
    [
      'large, visit all / deadlines (evals/batch)',
      `${big.visitAll.evaluationsPerBatch.toFixed(1)} / ${big.scheduled.evaluationsPerBatch.toFixed(1)}`,
    ],
    [
      'large, visit all / deadlines (CPU ms/batch)',
      `${big.visitAll.cpuMsPerBatch.toFixed(2)} / ${big.scheduled.cpuMsPerBatch.toFixed(2)}`,
    ],
    [
      `large, watermark moved (${big.scheduled.movingBatches} batches): evals`,
      `${big.visitAll.evaluationsPerMovingBatch.toFixed(1)} / ${big.scheduled.evaluationsPerMovingBatch.toFixed(1)}`,
    ],
    [
      'large, watermark moved: CPU ms/batch',
      `${big.visitAll.cpuMsPerMovingBatch.toFixed(2)} / ${big.scheduled.cpuMsPerMovingBatch.toFixed(2)}`,
    ],
    ['deadlines give the same current values', String(big.sameValues && demo.sameValues)],
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
      evaluationsPerBatch: inOrder.evaluationsPerBatch,
      demoVisitAllSamplesPerSec: Math.round(demo.visitAll.perSecond),
      demoScheduledSamplesPerSec: Math.round(demo.scheduled.perSecond),
      demoVisitAllEvaluationsPerBatch: demo.visitAll.evaluationsPerBatch,
      demoScheduledEvaluationsPerBatch: demo.scheduled.evaluationsPerBatch,
      largeKpis: large.kpis.length,
      largeSamples: largeSamples.length,
      largeVisitAllSamplesPerSec: Math.round(big.visitAll.perSecond),
      largeScheduledSamplesPerSec: Math.round(big.scheduled.perSecond),
      largeVisitAllEvaluationsPerBatch: big.visitAll.evaluationsPerBatch,
      largeScheduledEvaluationsPerBatch: big.scheduled.evaluationsPerBatch,
      largeActiveShare: ACTIVE_SHARE,
      largeStepMs: LARGE_STEP_MS,
      largeStagger: LARGE_STAGGER,
      largeVisitAllCpuMsPerBatch: big.visitAll.cpuMsPerBatch,
      largeScheduledCpuMsPerBatch: big.scheduled.cpuMsPerBatch,
      largeMovingBatches: big.scheduled.movingBatches,
      largeVisitAllEvaluationsPerMovingBatch: big.visitAll.evaluationsPerMovingBatch,
      largeScheduledEvaluationsPerMovingBatch: big.scheduled.evaluationsPerMovingBatch,
      largeVisitAllCpuMsPerMovingBatch: big.visitAll.cpuMsPerMovingBatch,
      largeScheduledCpuMsPerMovingBatch: big.scheduled.cpuMsPerMovingBatch,
      sameValuesScheduledAndVisitAll: big.sameValues && demo.sameValues,
      rssBeforeMb: Math.round(rssBefore / 1e6),
      peakRssMb,
    })}\n`,
  );
}

function fmt(n: number): string {
  return Math.round(n).toLocaleString('en');
}

main().catch((error: unknown) => {
  process.stderr.write(`bench-kpi failed: ${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
