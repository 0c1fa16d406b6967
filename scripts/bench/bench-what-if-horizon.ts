/*
 * What a long what-if horizon costs on the demo model: seeded daily series of --days days for every KPI and formula
 * term (level, weekly rhythm, noise, a slow drift), the global model trained on them and one forecast cycle (the
 * current period and the next FORECAST_LATER_PERIODS). Then, handed that cycle's memo as the forecast service hands
 * it: the on-demand run of a 12-period scenario (11 later periods, as the forecast service asks for them), a later
 * cycle of the same day, and the on-demand run again after it (its memo kept); and the scenario's simulation
 * (oee_line2 +5 points from next month, --draws draws) over 1, 3, 6 and 12 periods, alternated --rounds times. CPU time is the process's (user + system): wall time inflates on a loaded
 * machine. Last line: one JSON object.
 *   node dist/scripts/bench/bench-what-if-horizon.js [--days 730] [--draws 2000] [--rounds 3]
 */
import { loadavg } from 'node:os';
import { FiscalCalendar } from '@bsc/kpi';
import { simulateWhatIf, type KpiBaseline } from '@bsc/scorecard';
import { loadValidModelFromFile } from '@bsc/twin';
import { runForecastJob } from '../../apps/api/src/forecasts/job/forecast-job';
import { trainKpiGlobalModel } from '../../apps/api/src/forecasts/job/kpi-global-model';
import type { KpiForecastView, PeriodEndView } from '../../apps/api/src/forecasts/forecast-provider.port';
import { ForecastMemos } from '../../apps/api/src/forecasts/runtime/forecast-memos';
import { LaterPeriodsOnDemand } from '../../apps/api/src/forecasts/runtime/later-periods-on-demand';
import { DAY_MS, dailyKpiModel, type DailySeries } from '../../apps/api/src/forecasts/series/daily-kpi-series';
import { generatedSeries } from './support/daily-series';
import { argNumber } from './support/bench-args';

const DAYS = argNumber('days', 730);
const DRAWS = argNumber('draws', 2000);
const ROUNDS = argNumber('rounds', 3);
const Z80 = 1.2815515655446004;

async function cpuMsAsync<T>(work: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const start = process.cpuUsage();
  const value = await work();
  const used = process.cpuUsage(start);
  return { value, ms: Math.round((used.user + used.system) / 1_000) };
}

function cpuMs<T>(work: () => T): { value: T; ms: number } {
  const start = process.cpuUsage();
  const value = work();
  const used = process.cpuUsage(start);
  return { value, ms: Math.round((used.user + used.system) / 1_000) };
}

async function main(): Promise<void> {
  const model = await loadValidModelFromFile('models/demo/acme-manufacturing.yaml');
  const calendar = new FiscalCalendar(model.calendar);
  const now = Date.now();
  const today = calendar.periodOf(now, 'day').start;
  const series = new Map<string, DailySeries>();
  let seed = 1;
  for (const { key } of dailyKpiModel(model).series.values())
    if (!series.has(key)) series.set(key, generatedSeries(seed++, today - DAYS * DAY_MS, DAYS + 1));
  const global = await trainKpiGlobalModel(series, today, {});
  const job = (memo: ReturnType<typeof runForecastJob>['memo'] | undefined, laterPeriods?: number) =>
    cpuMs(() => runForecastJob({ model, series, now, global, memo, laterPeriods, links: true }));
  const first = job(undefined);
  // as the forecast worker keeps them: the cycles' memo, and the later-period runs' own
  const memos = new ForecastMemos();
  const kpis = model.kpis.map((k) => k.id);
  memos.keep('cycle', undefined, first.value.memo, kpis);
  // as the forecast service asks: the first two later periods cached, the others run with the memos it keeps
  const ahead = new LaterPeriodsOnDemand((at, kpiIds, later) => {
    const memo = memos.handed('later', kpiIds);
    const output = runForecastJob({ model, series, now: at, kpiIds, global, memo, laterPeriods: later });
    memos.keep('later', kpiIds, output.memo, kpis);
    return Promise.resolve(output);
  });
  const onDemand = await cpuMsAsync(() => ahead.later(first.value.forecasts, 11));
  const cycle = job(memos.handed('cycle'));
  memos.keep('cycle', undefined, cycle.value.memo, kpis);
  ahead.clear();
  const again = await cpuMsAsync(() => ahead.later(cycle.value.forecasts, 11));
  const same = JSON.stringify([...again.value]) === JSON.stringify([...onDemand.value]);
  const reached = [...onDemand.value.values()].map((l) => l.length);

  const views = new Map(
    first.value.forecasts.map((f) => [f.kpiId, { ...f, laterPeriods: onDemand.value.get(f.kpiId) }]),
  );
  const baselineOf = (view: KpiForecastView, end: PeriodEndView, period: number): [string, KpiBaseline] => {
    const p = calendar.periodOf(now, model.kpis.find((k) => k.id === view.kpiId)!.period);
    let at = p;
    for (let k = 0; k < period; k++) at = calendar.nextPeriod(at);
    const sd = (end.upper80 - end.lower80) / (2 * Z80);
    return [view.kpiId, { kpiId: view.kpiId, period: at, expected: end.expected, sd }];
  };
  const periods = Array.from({ length: 12 }, (_, k) => {
    const out = new Map<string, KpiBaseline>();
    for (const view of views.values()) {
      const end = k === 0 ? view.periodEnd : view.laterPeriods?.[k - 1];
      if (end) out.set(...baselineOf(view, end, k));
    }
    return out;
  });
  const links = first.value.links.flatMap((l) =>
    typeof l.slope === 'number' && typeof l.slopeStdError === 'number'
      ? [
          {
            ...l,
            lagMs: l.measuredLagMs ?? 0,
            slope: l.slope,
            slopeStdError: l.slopeStdError,
            kpiScales: l.kpiScales ?? {},
          },
        ]
      : [],
  );
  const from = calendar.nextPeriod(calendar.periodOf(now, 'month')).start;
  const simulate = (horizon: number) =>
    cpuMs(() =>
      simulateWhatIf(
        { model, baselines: periods[0], laterBaselines: periods.slice(1, horizon), links },
        { drivers: [{ kind: 'kpi', id: 'oee_line2', change: 'absolute', value: 5, from, rampMs: 0 }], draws: DRAWS },
      ),
    ).ms;
  const sims: Array<{ h1: number; h3: number; h6: number; h12: number }> = [];
  for (let r = 0; r < ROUNDS; r++) sims.push({ h1: simulate(1), h3: simulate(3), h6: simulate(6), h12: simulate(12) });

  console.log(
    `demo model, ${model.kpis.length} KPIs, ${series.size} daily series of ${DAYS} days, ${DRAWS} draws; ` +
      `1-minute load ${loadavg()[0].toFixed(1)}`,
  );
  console.log(
    `first cycle ${first.ms} ms CPU; later cycle (memo) ${cycle.ms} ms CPU; on-demand 11 later periods ` +
      `${onDemand.ms} ms CPU, again after the later cycle ${again.ms} ms CPU (same periods: ${same}); ` +
      `later periods reached per KPI: ${reached.join(' ')}`,
  );
  console.log(
    `simulation (ms CPU) 1 / 3 / 6 / 12 periods: ${sims.map((s) => `${s.h1} / ${s.h3} / ${s.h6} / ${s.h12}`).join(', ')}`,
  );
  console.log(
    JSON.stringify({
      days: DAYS,
      draws: DRAWS,
      load1: loadavg()[0],
      firstCycleCpuMs: first.ms,
      cycleCpuMs: cycle.ms,
      onDemandCpuMs: onDemand.ms,
      onDemandAgainCpuMs: again.ms,
      samePeriods: same,
      reached,
      simulation: sims,
    }),
  );
}

void main();
