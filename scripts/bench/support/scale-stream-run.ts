import { availableParallelism } from 'node:os';
import type { MqttClient } from 'mqtt';
import type { DataSource } from 'typeorm';
import { DeadLetterRepository, KpiCheckpointRepository, SampleRepository } from '@bsc/persistence';
import type { LoadFigures } from './autocannon';
import { mb, procStatusKb } from './cli-child';
import { loopFigures, scrapeMetrics, type LoopFigures } from './api-loop-figures';
import { eventStreamFigures, eventStreamTotals } from './event-stream-figures';
import { forecastCycleFigures } from './forecast-cycle-figures';
import { cpuMs, sleep, type IngestionChild } from './ingestion-child';
import { describeWindow, lagWindows, pollTimeline, worstWindows } from './lag-timeline';
import { cpuSplit, readCpu } from './machine-cpu';
import { histogram, metricValue, quantileMs, shareAtMost } from './prom-histogram';
import { receiptDelay } from './receipt-delay';
import type { SizeFigures } from './scale-figures';
import { publishRound, publishSteadily } from './scale-load';
import { writeLoopFigures } from './write-loop-figures';

/** After the stream stops, stored is polled until it reaches published, or stops growing for STALL_MS, or CATCH_UP_MS pass. */
const CATCH_UP_MS = 600_000;
const STALL_MS = 20_000;
const NO_LOAD: LoadFigures = { reqPerSec: 0, answered: 0, p50Ms: null, p99Ms: null, errors: 0, non2xx: 0 };

/** The running platform of one size, and how bench:scale streams to it. */
export interface StreamSetup {
  dataSource: DataSource;
  client: MqttClient;
  prefix: string;
  signals: number;
  ingestion: IngestionChild;
  api: IngestionChild;
  /** The second API of --scorecard-baseline; the stream then runs twice as long. */
  baselineApi: IngestionChild | null;
  eventBusUrl: string;
  rate: number;
  seconds: number;
  warmUp: boolean;
  /** No scorecard load while streaming. */
  streamAlone: boolean;
  /** The root scorecard load on an app for a number of seconds. */
  scorecardLoad(seconds: number, app?: IngestionChild): Promise<LoadFigures>;
  progress(line: string): void;
}

/** The figures of the warm-up and the steady stream (see bench-scale's header). */
export type StreamFigures = Omit<
  SizeFigures,
  | 'size'
  | 'signals'
  | 'kpis'
  | 'validate'
  | 'import'
  | 'ready'
  | 'scorecardIdle'
  | 'scorecardBytes'
  | 'history'
  | 'scorecardIdleBaseline'
>;

/** The warm-up round, then a steady rate to every signal with the scorecard load beside it, then the catch-up. */
export async function measureStream(setup: StreamSetup): Promise<StreamFigures> {
  const { dataSource, client, prefix, signals, ingestion, api, baselineApi, rate, seconds } = setup;
  const samples = new SampleRepository(dataSource);
  const checkpoints = new KpiCheckpointRepository(dataSource);
  const deadLetters = new DeadLetterRepository(dataSource);
  const metrics = async (): Promise<string> => (await fetch(`http://127.0.0.1:${ingestion.port}/metrics`)).text();
  let warmUp: StreamFigures['warmUp'] = null;
  if (setup.warmUp) {
    const started = Date.now();
    const count = await publishRound(client, prefix, signals, rate);
    if ((await storedReaching(samples, count)).stored < count)
      throw new Error(`warm-up: ${count} samples not all stored`);
    warmUp = { samples: count, storedMs: Date.now() - started };
    // the KPI pass of the last stored batch runs after its commit: let it be observed before the baseline below
    await sleep(1_000);
    setup.progress(`warm-up ${count} samples stored in ${warmUp.storedMs} ms`);
  }
  const storedBefore = await samples.count();
  const deadLettersBefore = await deadLetters.count();
  const scrapeBefore = await metrics();
  const cpuBefore = [cpuMs(ingestion.child.pid), cpuMs(api.child.pid)];
  const machineBefore = readCpu();
  const eventsBefore = await eventStreamTotals(setup.eventBusUrl);
  const apiBefore = await scrapeMetrics(api.port);
  const streamStarted = Date.now();
  const timeline = pollTimeline(async () => {
    const [foldedUpTo, checkpointAt] = await Promise.all([samples.foldedUpTo(), checkpoints.newestTakenAt()]);
    return { metrics: await metrics(), foldedUpTo, checkpointAt };
  }, 2_000);
  // the scorecard load runs while the data changes (after autocannon's 2 s warm-up, inside the stream)
  const loadSeconds = Math.max(3, seconds - 3);
  let apiLoop: LoopFigures | undefined;
  const [published, [scorecard, scorecardBaseline]] = await Promise.all([
    publishSteadily(client, prefix, signals, rate, baselineApi ? 2 * seconds : seconds),
    (async () => {
      const metricsBefore = await scrapeMetrics(api.port);
      if (setup.streamAlone) {
        // no scorecard load: the API's loop figures cover the stream alone
        await sleep(loadSeconds * 1000);
        apiLoop = loopFigures(metricsBefore, await scrapeMetrics(api.port));
        return [NO_LOAD, undefined] as const;
      }
      const live = await setup.scorecardLoad(loadSeconds);
      apiLoop = loopFigures(metricsBefore, await scrapeMetrics(api.port));
      // the same load on the baseline API, in the second half of the stream
      return [live, baselineApi ? await setup.scorecardLoad(loadSeconds, baselineApi) : undefined] as const;
    })(),
  ]);
  const publishedMs = Date.now() - streamStarted;
  const machineAfter = readCpu();
  const caughtUp = await storedReaching(samples, storedBefore + published);
  const stored = caughtUp.stored - storedBefore;
  const cpuAfter = [cpuMs(ingestion.child.pid), cpuMs(api.child.pid)];
  const busyMs = Date.now() - streamStarted;
  const scrapeAfter = await metrics();
  const apiAfter = await scrapeMetrics(api.port);
  const windows = lagWindows(await timeline.stop());
  const lag = histogramPair(scrapeBefore, scrapeAfter, 'bsc_ingest_lag_seconds');
  const sourceLag = histogramPair(scrapeBefore, scrapeAfter, 'bsc_ingest_source_lag_seconds');
  const cores = (i: number): number | null => {
    const [before, after] = [cpuBefore[i], cpuAfter[i]];
    return before === null || after === null ? null : Math.round(((after - before) / busyMs) * 100) / 100;
  };
  return {
    warmUp,
    published,
    stored,
    storedRatio: Math.round((stored / published) * 1000) / 1000,
    catchUpMs: caughtUp.reachedAt === null ? null : caughtUp.reachedAt - streamStarted - publishedMs,
    deadLetters: (await deadLetters.count()) - deadLettersBefore,
    samplesDropped:
      metricValue(scrapeAfter, 'bsc_samples_dropped_total') - metricValue(scrapeBefore, 'bsc_samples_dropped_total'),
    receiptDelay: await receiptDelay(dataSource, streamStarted),
    lagP50Ms: quantileMs(...lag, 0.5),
    lagP99Ms: quantileMs(...lag, 0.99),
    lagWithin2s: shareAtMost(...lag, 2),
    publishToKpi: {
      p50Ms: quantileMs(...sourceLag, 0.5),
      p99Ms: quantileMs(...sourceLag, 0.99),
      within2s: shareAtMost(...sourceLag, 2),
    },
    lagWorst: worstWindows(windows, 5).map(describeWindow),
    lagTimeline: windows.map(describeWindow),
    ingestionCpuCores: cores(0),
    apiCpuCores: cores(1),
    writeLoop: writeLoopFigures(scrapeBefore, scrapeAfter, busyMs),
    events: eventStreamFigures(eventsBefore, await eventStreamTotals(setup.eventBusUrl), published),
    machineCpu: cpuSplit(
      machineBefore,
      machineAfter,
      publishedMs,
      {
        ingestion: [ingestion.child.pid],
        api: [api.child.pid, baselineApi?.child.pid],
        bench: [process.pid],
      },
      availableParallelism(),
    ),
    ingestionRssMb: mb(procStatusKb(ingestion.child.pid, 'VmRSS')),
    ingestionPeakRssMb: mb(procStatusKb(ingestion.child.pid, 'VmHWM')),
    apiPeakRssMb: mb(procStatusKb(api.child.pid, 'VmHWM')),
    scorecard,
    apiLoop: apiLoop!,
    forecastCycles: forecastCycleFigures(apiBefore, apiAfter),
    ...(scorecardBaseline ? { scorecardBaseline } : {}),
  };
}

/** A histogram's buckets in two /metrics texts. */
function histogramPair(before: string, after: string, name: string): [Map<number, number>, Map<number, number>] {
  return [histogram(before, name), histogram(after, name)];
}

/**
 * Polls the stored count until it reaches `count`, or has not grown for STALL_MS (what is missing then is lost, not
 * late), or CATCH_UP_MS pass; resolves with the last count and when it reached `count` (null: it did not).
 */
async function storedReaching(
  samples: SampleRepository,
  count: number,
): Promise<{ stored: number; reachedAt: number | null }> {
  const stop = Date.now() + CATCH_UP_MS;
  let stored = await samples.count();
  for (let grewAt = Date.now(); stored < count && Date.now() < stop && Date.now() - grewAt < STALL_MS;) {
    await sleep(250);
    const now = await samples.count();
    if (now > stored) grewAt = Date.now();
    stored = now;
  }
  return { stored, reachedAt: stored >= count ? Date.now() : null };
}
