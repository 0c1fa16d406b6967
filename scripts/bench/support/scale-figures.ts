import type { LoadFigures } from './autocannon';
import type { LoopFigures } from './api-loop-figures';
import type { EventStreamFigures } from './event-stream-figures';
import type { ForecastCycleFigures } from './forecast-cycle-figures';
import { cpuSplitRow, type CpuSplit } from './machine-cpu';
import type { ReceiptDelay } from './receipt-delay';
import type { HistoryFigures } from './scale-history';
import type { ScaleSize } from './scale-model';
import { writeLoopRow, type WriteLoopFigures } from './write-loop-figures';

/** What bench:scale measures for one model size (its JSON line holds one per size). */
export interface SizeFigures {
  size: ScaleSize;
  signals: number;
  kpis: number;
  validate: { ms: number; peakRssMb: number | null };
  import: { ms: number; peakRssMb: number | null };
  ready: { ingestionMs: number; ingestionCpuMs: number | null; apiMs: number };
  /** The warm-up round: its samples and how long they took to be stored (null with --no-warm-up). */
  warmUp: { samples: number; storedMs: number } | null;
  published: number;
  stored: number;
  storedRatio: number;
  /** From the stream's end until every published sample was stored (null: not within the wait, see bench-scale). */
  catchUpMs: number | null;
  /** Dead letters written while streaming, and samples the ingestion reported dropped (only at a shutdown). */
  deadLetters: number;
  samplesDropped: number;
  /** Publish (the sample's timestamp) → receipt by the ingestion: the wait in the broker the lag below cannot see. */
  receiptDelay: ReceiptDelay;
  /** Publish → KPI update (bsc_ingest_source_lag_seconds, once per message), interpolated as the lag below. */
  publishToKpi: { p50Ms: number | null; p99Ms: number | null; within2s: number | null };
  lagP50Ms: number | null;
  lagP99Ms: number | null;
  /** Share of received messages whose KPI update came within 2 s (a histogram bound: exact, not interpolated). */
  lagWithin2s: number | null;
  /** The stream's 2-second windows of the highest lag p99, with the fold or checkpoint that finished near them. */
  lagWorst: string[];
  /** Every window of the stream, in order. */
  lagTimeline: string[];
  ingestionCpuCores: number | null;
  /** The API's CPU over the same span (it serves the scorecard load on the same cores). */
  apiCpuCores: number | null;
  /** The machine's busy cores over the stream, split by process (the apps, the bench, postgres, the brokers). */
  machineCpu: CpuSplit | null;
  /** The ingestion's write loop over the stream (writes, their rows and ms, the KPI engine's ms, busy share). */
  writeLoop: WriteLoopFigures;
  /** The events stream's growth over the stream (null without a NATS bus). */
  events: EventStreamFigures | null;
  ingestionRssMb: number | null;
  ingestionPeakRssMb: number | null;
  apiPeakRssMb: number | null;
  scorecard: LoadFigures;
  scorecardIdle: LoadFigures;
  /** The API's event loop, GC and response cache while the scorecard load ran with data changing. */
  apiLoop: LoopFigures;
  /** The API's forecast cycles that ended between the stream's start and its catch-up (bsc_forecast_cycle_seconds). */
  forecastCycles: ForecastCycleFigures;
  /** Bytes of one root scorecard answer. */
  scorecardBytes: number;
  history: HistoryFigures | null;
  /** With --scorecard-baseline: the same loads on an API with SCORECARD_LIVE_ROLLUP=false. */
  scorecardBaseline?: LoadFigures;
  scorecardIdleBaseline?: LoadFigures;
}

/** Each numeric figure of `of` divided by the same figure of `base` (2 decimals); null where either is missing. */
export function ratios(of: SizeFigures, base: SizeFigures): Record<string, number | null> {
  const pick = (f: SizeFigures): Record<string, number | null> => ({
    validateMs: f.validate.ms,
    validatePeakRssMb: f.validate.peakRssMb,
    importMs: f.import.ms,
    importPeakRssMb: f.import.peakRssMb,
    ingestionReadyMs: f.ready.ingestionMs,
    apiReadyMs: f.ready.apiMs,
    storedRatio: f.storedRatio,
    lagP50Ms: f.lagP50Ms,
    lagP99Ms: f.lagP99Ms,
    ingestionCpuCores: f.ingestionCpuCores,
    ingestionPeakRssMb: f.ingestionPeakRssMb,
    apiPeakRssMb: f.apiPeakRssMb,
    scorecardP50Ms: f.scorecard.p50Ms,
    scorecardP99Ms: f.scorecard.p99Ms,
    scorecardIdleP99Ms: f.scorecardIdle.p99Ms,
    restartMs: f.history?.restartAfter.readyMs ?? null,
    forecastCycleMs: f.history?.forecast.afterNext.cycleMs ?? null,
  });
  const [a, b] = [pick(of), pick(base)];
  return Object.fromEntries(
    Object.keys(a).map((k) => [k, a[k] === null || !b[k] ? null : Math.round((a[k] / b[k]) * 100) / 100]),
  );
}

/** p50/p99 with how many requests they rest on: a load that got no answer says so instead of reading 0 ms. */
function latency(f: LoadFigures): string {
  const failed = f.errors + f.non2xx;
  return `${f.p50Ms ?? '–'}/${f.p99Ms ?? '–'} ms, ${f.answered} answered${failed ? `, ${failed} failed` : ''}`;
}

/** One printed line of a size's stream figures. */
export function streamRow(f: SizeFigures): string {
  return (
    `${f.size.padEnd(5)} validate ${f.validate.ms} ms/${f.validate.peakRssMb} MB  import ${f.import.ms} ms/${f.import.peakRssMb} MB  ` +
    `ready ${f.ready.ingestionMs}/${f.ready.apiMs} ms  stored ${f.stored}/${f.published} (caught up ${f.catchUpMs ?? '–'} ms after, ${f.deadLetters} dead letters, ${f.samplesDropped} dropped)  publish → receipt p50/p99/max ${f.receiptDelay.p50Ms}/${f.receiptDelay.p99Ms}/${f.receiptDelay.maxMs} ms, ${f.receiptDelay.within2s} within 2 s  publish → KPI p50/p99 ${f.publishToKpi.p50Ms}/${f.publishToKpi.p99Ms} ms, ${f.publishToKpi.within2s} within 2 s  lag p50/p99 ${f.lagP50Ms}/${f.lagP99Ms} ms, ${f.lagWithin2s} within 2 s (worst ${f.lagWorst.join(', ')})  ` +
    `cpu ${f.ingestionCpuCores}/${f.apiCpuCores} machine ${cpuSplitRow(f.machineCpu)}  ${writeLoopRow(f.writeLoop)}  ` +
    `events ${f.events ? `${f.events.messages} msgs, ${f.events.bytesPerSample} B/sample` : '–'}  rss ${f.ingestionPeakRssMb}/${f.apiPeakRssMb} MB  scorecard p50/p99 ${latency(f.scorecard)} (idle ${latency(f.scorecardIdle)}, ${f.scorecardBytes} B)  ` +
    `api loop lag max/p99 ${f.apiLoop.lagMaxMs}/${f.apiLoop.lagP99Ms} ms gc ${f.apiLoop.gcMs} ms/${f.apiLoop.gcCount} (major ${f.apiLoop.majorGcMs} ms) cache ${JSON.stringify(f.apiLoop.cache)}  ` +
    `forecast cycles ${f.forecastCycles.completed} ok/${f.forecastCycles.failed} failed, ${f.forecastCycles.seconds} s, ${f.forecastCycles.samplesFed} samples fed` +
    (f.scorecardBaseline && f.scorecardIdleBaseline
      ? `  baseline ${latency(f.scorecardBaseline)} (idle ${latency(f.scorecardIdleBaseline)})`
      : '')
  );
}
