/*
 * The KPI engine alone on bench:scale's model (default 100k signals / 10k KPIs), fed a steady rate of event time in
 * passes of BATCH samples, with values that move with time alone re-evaluated on every pass (movingRefreshMs 0, the
 * baseline) against once per `--refresh-ms` of event time, alternately in pairs. The stream crosses a midnight, and
 * a last sample an hour later closes every period it touched: the closed values of both must be the same.
 * Prints a table, then ONE JSON line. Options: --size 100k|10k|1k, --rate samples/s, --seconds, --batch,
 * --refresh-ms, --pairs.
 */
import { createHash } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { KpiValue, SignalSample } from '@bsc/common';
import { KpiEngine } from '@bsc/kpi';
import { validateModel, type TwinModel } from '@bsc/twin';
import { SCALE_SIZES, scaleModel, type ScaleSize } from './support/scale-model';
import { seededSamples, spreadTs } from './support/scale-stream';
import { argString } from './support/bench-args';

const SIZE = argString('size', '100k') as ScaleSize;
const RATE = Number(argString('rate', '20000'));
const SECONDS = Number(argString('seconds', '20'));
const BATCH = Number(argString('batch', '1000'));
const REFRESH_MS = Number(argString('refresh-ms', '1000'));
const PAIRS = Number(argString('pairs', '2'));
/** Ten seconds before a midnight (and a month end): periods close in the middle of the stream. */
const START = Date.UTC(2026, 0, 31, 23, 59, 50);

interface Run {
  refreshMs: number;
  cpuUsPerSample: number;
  wallUsPerSample: number;
  evaluationsPerPass: number;
  passCpuP99Ms: number;
  closedValues: number;
  closedDigest: string;
}

/** One sample per signal, then RATE samples a second over the signals in turn, timestamps spread evenly. */
function stream(model: TwinModel): { warmUp: SignalSample[]; samples: SignalSample[] } {
  const sample = seededSamples(29);
  const ids = model.signals.map((s) => s.id);
  const warmUp = ids.map((id) => sample(id, START - 1000));
  const total = RATE * SECONDS;
  const samples = Array.from({ length: total }, (_, i) =>
    sample(ids[i % ids.length], spreadTs(i, total, START, SECONDS * 1000)),
  );
  return { warmUp, samples };
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0;
}

function run(model: TwinModel, data: ReturnType<typeof stream>, refreshMs: number): Run {
  const engine = new KpiEngine(model, { clock: () => 0, movingRefreshMs: refreshMs });
  engine.ingest(data.warmUp);
  const evaluationsBefore = engine.stats().evaluations;
  const passCpu: number[] = [];
  const cpu = process.cpuUsage();
  const wall = performance.now();
  for (let i = 0; i < data.samples.length; i += BATCH) {
    const pass = process.cpuUsage();
    engine.ingest(data.samples.slice(i, i + BATCH));
    const used = process.cpuUsage(pass);
    passCpu.push((used.user + used.system) / 1000);
  }
  const used = process.cpuUsage(cpu);
  const wallMs = performance.now() - wall;
  const passes = passCpu.length;
  const evaluations = engine.stats().evaluations - evaluationsBefore;
  // A sample of a signal a KPI reads (the warm-up's first), an hour on: every period the stream touched closes.
  const last = data.samples[data.samples.length - 1];
  engine.ingest([{ ...data.warmUp[0], ts: last.ts + 3_600_000 }]);
  const closed: KpiValue[] = [];
  for (const id of engine.kpiIds())
    closed.push(...engine.history(id).filter((v) => v.periodEnd <= START + SECONDS * 1000));
  const digest = createHash('sha256')
    .update(JSON.stringify(closed.map((v) => [v.kpiId, v.periodKey, v.value, v.quality])))
    .digest('hex')
    .slice(0, 12);
  return {
    refreshMs,
    cpuUsPerSample: (used.user + used.system) / data.samples.length,
    wallUsPerSample: (wallMs * 1000) / data.samples.length,
    evaluationsPerPass: evaluations / passes,
    passCpuP99Ms: percentile(passCpu, 0.99),
    closedValues: closed.length,
    closedDigest: digest,
  };
}

function main(): void {
  const signals = SCALE_SIZES[SIZE];
  if (!signals) throw new Error(`--size must be one of ${Object.keys(SCALE_SIZES).join(', ')}`);
  const model = validateModel(scaleModel(signals, 'bench')).model as TwinModel;
  const data = stream(model);
  const runs: Run[] = [];
  for (let p = 0; p < PAIRS; p++) {
    // Alternate which goes first, so a load that changes during a pair hits both orders.
    const order = p % 2 === 0 ? [0, REFRESH_MS] : [REFRESH_MS, 0];
    for (const refreshMs of order) {
      const r = run(model, data, refreshMs);
      runs.push(r);
      process.stdout.write(
        `pair ${p + 1} refresh ${String(refreshMs).padStart(5)} ms: ${r.cpuUsPerSample.toFixed(1)} µs CPU/sample, ` +
          `${r.evaluationsPerPass.toFixed(0)} evaluations/pass, pass CPU p99 ${r.passCpuP99Ms.toFixed(1)} ms, ` +
          `${r.closedValues} closed values ${r.closedDigest}\n`,
      );
    }
  }
  const of = (refreshMs: number) => runs.filter((r) => r.refreshMs === refreshMs);
  const sameClosed = new Set(runs.map((r) => r.closedDigest)).size === 1;
  process.stdout.write(`closed values the same in every run: ${sameClosed}\n`);
  process.stdout.write(
    `${JSON.stringify({
      size: SIZE,
      kpis: model.kpis.length,
      rate: RATE,
      seconds: SECONDS,
      batch: BATCH,
      refreshMs: REFRESH_MS,
      baseline: of(0),
      refreshed: of(REFRESH_MS),
      sameClosedValues: sameClosed,
      peakRssMb: Math.round(process.resourceUsage().maxRSS / 1000),
    })}\n`,
  );
}

main();
