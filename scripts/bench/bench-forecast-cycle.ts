/*
 * Forecast cycle benchmark on a generated model (bench:scale's, see scaleModel): a few days of history (one sample
 * per signal a day), then an open day at a fine step, in SQLite in a temp folder. Each round stores one more step
 * of samples and runs a cycle (daily values brought up to date, the global model trained, every KPI forecast) as
 * before (no daily-engine checkpoint: the open day's samples read again) and, after one more step, as now (the
 * previous cycle's checkpoint restored: the samples since it read), alternately. Prints a table, then ONE JSON line.
 *   node dist/scripts/bench/bench-forecast-cycle.js [--signals 1000] [--days 7] [--open-hours 12] [--step-min 10]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { FiscalCalendar } from '@bsc/kpi';
import { KpiDailyValueRepository, openDataSource, SampleRepository } from '@bsc/persistence';
import { validateModel, type TwinModel } from '@bsc/twin';
import { runForecastJob, type ForecastJobOutput } from '../../apps/api/src/forecasts/job/forecast-job';
import { trainKpiGlobalModel } from '../../apps/api/src/forecasts/job/kpi-global-model';
import { updateDailyKpiSeries } from '../../apps/api/src/forecasts/series/stored-daily-kpi-series';
import { seedHistory } from './support/scale-history';
import { scaleModel } from './support/scale-model';
import { argNumber } from './support/bench-args';

const SIGNALS = argNumber('signals', 1_000);
const DAYS = argNumber('days', 7);
const OPEN_HOURS = argNumber('open-hours', 12);
const STEP_MS = argNumber('step-min', 10) * 60_000;
const ROUNDS = argNumber('rounds', 2);
const DAY_MS = 86_400_000;

interface Cycle {
  mode: string;
  samplesRead: number;
  seriesMs: number;
  cycleMs: number;
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'bsc-forecast-cycle-'));
  const dataSource = await openDataSource({ sqlitePath: join(dir, 'bsc.sqlite') });
  try {
    const model = validateModel(scaleModel(SIGNALS, 'bench')).model as TwinModel;
    const samples = new SampleRepository(dataSource);
    const store = new KpiDailyValueRepository(dataSource);
    // the open day two days back: every sample is received (ts) well before the wall clock
    const open = Math.floor(Date.now() / DAY_MS) * DAY_MS - 2 * DAY_MS;
    let stored = await seedHistory(samples, SIGNALS, {
      from: open - DAYS * DAY_MS + DAY_MS / 2,
      to: open,
      stepMs: DAY_MS,
    });
    let next = open;
    const step = async () => {
      stored += await seedHistory(samples, SIGNALS, { from: next, to: next + 1, stepMs: 1 });
      next += STEP_MS;
    };
    while (next < open + OPEN_HOURS * 3_600_000) await step();
    // the previous cycle's memo (global model, past-origin errors, method choices), as the forecast service hands it on
    let memo: ForecastJobOutput['memo'] | undefined;
    const cycle = async (): Promise<Cycle> => {
      const started = Date.now();
      const { series, figures } = await updateDailyKpiSeries(model, samples, store, Date.now());
      const seriesMs = Date.now() - started;
      const now = Date.now();
      const today = new FiscalCalendar(model.calendar).periodOf(now, 'day').start;
      const global = await trainKpiGlobalModel(series, today, {}, memo?.global);
      ({ memo } = runForecastJob({ model, series, now, links: true, global, memo }));
      return { mode: figures.mode, samplesRead: figures.samplesRead, seriesMs, cycleMs: Date.now() - started };
    };
    const first = await cycle();
    const before: Cycle[] = [];
    const after: Cycle[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      await step();
      // as before: no checkpoint of the daily engine, so the open day is recomputed from its samples
      await dataSource.query('UPDATE kpi_daily_state SET checkpoint = NULL');
      before.push(await cycle());
      await step();
      after.push(await cycle());
    }
    const median = (cs: Cycle[], key: 'seriesMs' | 'cycleMs' | 'samplesRead') =>
      [...cs.map((c) => c[key])].sort((a, b) => a - b)[Math.floor(cs.length / 2)];
    const openSamples = Math.round((next - open) / STEP_MS) * SIGNALS;
    console.log(
      `forecast cycle, ${SIGNALS} signals / ${model.kpis.length} KPIs, ${stored} samples (${openSamples} in the open ` +
        `day), medians of ${ROUNDS}; 1-minute load ${loadavg()[0].toFixed(1)}`,
    );
    console.log(`first (full) cycle: ${first.cycleMs} ms, ${first.samplesRead} samples read`);
    for (const [name, cs] of [
      ['before', before],
      ['after', after],
    ] as const)
      console.log(
        `${name.padEnd(7)} ${cs[0].mode.padEnd(12)} samples read ${median(cs, 'samplesRead')}, daily values ` +
          `${median(cs, 'seriesMs')} ms, cycle ${median(cs, 'cycleMs')} ms`,
      );
    console.log(
      JSON.stringify({ signals: SIGNALS, kpis: model.kpis.length, stored, openSamples, first, before, after }),
    );
  } finally {
    await dataSource.destroy();
    rmSync(dir, { recursive: true, force: true });
  }
}

void main();
