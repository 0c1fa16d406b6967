/*
 * Forecast job benchmark without storage: bench:scale's generated model (one KPI per ten signals) with seeded daily
 * series of --days days for every KPI and formula term (level, weekly rhythm, noise, a slow drift), the global model
 * trained on them and every KPI forecast, as one forecast cycle does after its daily values are read. --kpis N runs
 * the first N KPIs only (a stride of a large model); the time per KPI is printed with it. Rounds after the first are
 * later cycles of the same day: each is handed the previous one's memo (its global model, past-origin errors, method
 * choices and projections, as the forecast service does), unless --memo 0. With --today-moves 1 every series' value of
 * today grows from round to round (as data of the day arrives), so sums and counts are projected again each round;
 * the generated KPIs are averages, --sums 1 declares them sums (the case where today's value bounds every projection). CPU time is the process's (user + system), wall time inflates on a loaded machine. Last line:
 * one JSON object. --batch N runs each round as queue runs of N KPIs each (a partial run's memo is merged into the
 * previous one, as the forecast service does); the memo's size is then the merged memo's after the round, and each run is handed its KPIs' entries only.
 * --next-day N runs the last N rounds each on the day after the round before (every series one complete day longer):
 * first cycles of new days, each handed the memo of the day before; with N above 1 the later days show the steady
 * state, where kept structures and method choices fall due on their own days rather than all on the first. --restart 1 hands the last round only the model structures of the memo,
 * as a forecast worker restarted without its memo reads them from the database (see withStoredStructures).
 * Each round's `digest` covers the global model's weights and every forecast but its computedAt (the wall clock):
 * two builds forecast alike on the same day when their digests agree.
 *   node dist/scripts/bench/bench-forecast-job.js [--signals 1000] [--days 365] [--kpis N] [--rounds 2] [--memo 1]
 *     [--today-moves 0] [--sums 0] [--batch 0] [--next-day 0] [--restart 0]
 */
import { createHash } from 'node:crypto';
import { loadavg } from 'node:os';
import { serialize } from 'node:v8';
import { FiscalCalendar } from '@bsc/kpi';
import { validateModel, type TwinModel } from '@bsc/twin';
import { runForecastJob, type ForecastJobOutput } from '../../apps/api/src/forecasts/job/forecast-job';
import { trainKpiGlobalModel } from '../../apps/api/src/forecasts/job/kpi-global-model';
import { emptyForecastMemo, memoForKpis, nextForecastMemo } from '../../apps/api/src/forecasts/job/forecast-memo';
import { DAY_MS, dailyKpiModel, type DailySeries } from '../../apps/api/src/forecasts/series/daily-kpi-series';
import { structuresOnly } from '../../apps/api/src/forecasts/runtime/stored-structures';
import { scaleModel } from './support/scale-model';
import { generatedSeries } from './support/daily-series';
import { argNumber } from './support/bench-args';

const SIGNALS = argNumber('signals', 1_000);
const DAYS = argNumber('days', 365);
const ROUNDS = argNumber('rounds', 2);
const MEMO = argNumber('memo', 1) !== 0;
const TODAY_MOVES = argNumber('today-moves', 0) !== 0;
const SUMS = argNumber('sums', 0) !== 0;
const BATCH = argNumber('batch', 0);
const NEXT_DAYS = Math.min(argNumber('next-day', 0), ROUNDS - 1);
const NEXT_DAY = NEXT_DAYS > 0;
const RESTART = argNumber('restart', 0) !== 0;

async function main(): Promise<void> {
  const generated = validateModel(scaleModel(SIGNALS, 'bench')).model as TwinModel;
  const model = SUMS
    ? { ...generated, kpis: generated.kpis.map((k) => ({ ...k, aggregation: 'sum' as const })) }
    : generated;
  const now = Date.now();
  const today = new FiscalCalendar(model.calendar).periodOf(now, 'day').start;
  const start = today - DAYS * DAY_MS;
  const series = new Map<string, DailySeries>();
  let seed = 1;
  for (const { key } of dailyKpiModel(model).series.values())
    if (!series.has(key)) series.set(key, generatedSeries(seed++, start, DAYS + 1 + NEXT_DAYS));
  // the series as on the k-th day after the first: the later days' values are not there yet
  const onDay = (k: number) =>
    new Map([...series].map(([key, s]) => [key, { start, values: s.values.slice(0, DAYS + 1 + k) }]));
  const dayBefore = onDay(0);
  const kpiIds = model.kpis.slice(0, argNumber('kpis', model.kpis.length)).map((k) => k.id);
  const rounds: Array<Record<string, number>> = [];
  const digests: string[] = [];
  let memo: ForecastJobOutput['memo'] | undefined;
  const cpuMs = (since: NodeJS.CpuUsage) => {
    const used = process.cpuUsage(since);
    return Math.round((used.user + used.system) / 1_000);
  };
  // today's value grows in the rounds of the first day only (the next day's round sees its whole value)
  const growing = NEXT_DAY ? dayBefore : series;
  const full = new Map([...growing].map(([key, s]) => [key, s.values[DAYS]]));
  for (let round = 0; round < ROUNDS; round++) {
    // today's value so far: the part of the day's value that has arrived by this round
    if (TODAY_MOVES) for (const [key, s] of growing) s.values[DAYS] = (full.get(key)! * (round + 1)) / ROUNDS;
    const dayAfter = Math.max(0, round - (ROUNDS - 1 - NEXT_DAYS));
    const nextDay = dayAfter > 0;
    if (RESTART && round === ROUNDS - 1 && memo) memo = structuresOnly(memo);
    const days = NEXT_DAY ? (nextDay ? onDay(dayAfter) : dayBefore) : series;
    const day = today + dayAfter * DAY_MS;
    const cpu = process.cpuUsage();
    const global = await trainKpiGlobalModel(days, day, {}, memo?.global);
    const globalCpuMs = cpuMs(cpu);
    const jobCpu = process.cpuUsage();
    const digest = createHash('sha256').update(JSON.stringify(global.model?.members ?? null));
    const batches: string[][] = [];
    for (let i = 0; i < kpiIds.length; i += BATCH || kpiIds.length)
      batches.push(kpiIds.slice(i, i + (BATCH || kpiIds.length)));
    const totals = {
      handedKb: 0,
      jobMs: 0,
      forecasts: 0,
      errorsReused: 0,
      choicesReused: 0,
      projectionsReused: 0,
      fitsReused: 0,
      modelsReused: 0,
    };
    for (const batch of batches) {
      // a queue run is handed its KPIs' entries only, as the forecast service hands them to the worker
      const handed = memo && BATCH ? memoForKpis(memo, batch) : memo;
      if (handed) totals.handedKb += serialize(handed).length / 1024;
      const out = runForecastJob({
        model,
        series: days,
        now: now + dayAfter * DAY_MS + round,
        kpiIds: batch,
        links: false,
        global,
        memo: handed,
      });
      if (MEMO) memo = BATCH ? nextForecastMemo(memo ?? emptyForecastMemo(), out.memo, true, kpiIds) : out.memo;
      digest.update(JSON.stringify(out.forecasts.map(({ computedAt: _at, ...f }) => f)));
      totals.jobMs += out.durationMs;
      totals.forecasts += out.forecasts.length;
      totals.errorsReused += out.reused.errors;
      totals.choicesReused += out.reused.choices;
      totals.projectionsReused += out.reused.projections;
      totals.fitsReused += out.reused.fits;
      totals.modelsReused += out.reused.models;
    }
    const jobCpuMs = cpuMs(jobCpu);
    // what the memo costs to hand over: its structured-clone size
    const memoKb = memo ? Math.round(serialize(memo).length / 1024) : 0;
    rounds.push({ globalCpuMs, jobCpuMs, ...totals, handedKb: Math.round(totals.handedKb), memoKb });
    digests.push(digest.digest('hex').slice(0, 16));
  }
  console.log(
    `forecast job, ${kpiIds.length} of ${model.kpis.length} KPIs, ${series.size} daily series of ${DAYS} days, ` +
      `${ROUNDS} rounds${BATCH ? ` of queue runs of ${BATCH} KPIs` : ''}, memo ${MEMO ? 'on' : 'off'}, today's value ${TODAY_MOVES ? 'growing' : 'fixed'}${SUMS ? ', KPIs as sums' : ''}${NEXT_DAY ? `, the last ${NEXT_DAYS} round(s) each on the next day` : ''}${RESTART ? ', the last round restarted with the stored structures' : ''}; ` +
      `1-minute load ${loadavg()[0].toFixed(1)}`,
  );
  for (const [i, r] of rounds.entries())
    console.log(
      `round ${i + 1}: global model ${r.globalCpuMs} ms CPU, job ${r.jobCpuMs} ms CPU ` +
        `(${(r.jobCpuMs / kpiIds.length).toFixed(1)} ms per KPI, ${r.jobMs} ms wall), ${r.forecasts} forecasts, ` +
        `reused: ${r.errorsReused} error sets, ${r.choicesReused} method choices, ${r.projectionsReused} projections, ` +
        `${r.fitsReused} forecasts, ${r.modelsReused} fitted models; memo ${r.memoKb} kB, ${r.handedKb} kB handed to the round's runs`,
    );
  // the new days' rounds: the job's CPU per KPI a day, averaged (the steady state once several days have run)
  const newDays = rounds.slice(rounds.length - NEXT_DAYS);
  const newDaysJobCpuMsPerKpi = NEXT_DAY
    ? Math.round((10 * newDays.reduce((sum, r) => sum + r.jobCpuMs, 0)) / newDays.length / kpiIds.length) / 10
    : undefined;
  if (newDaysJobCpuMsPerKpi !== undefined)
    console.log(`the ${NEXT_DAYS} new day(s): ${newDaysJobCpuMsPerKpi} ms of job CPU per KPI a day on average`);
  console.log(
    JSON.stringify({
      signals: SIGNALS,
      kpis: kpiIds.length,
      days: DAYS,
      memo: MEMO,
      todayMoves: TODAY_MOVES,
      sums: SUMS,
      batch: BATCH,
      nextDay: NEXT_DAYS,
      restart: RESTART,
      newDaysJobCpuMsPerKpi,
      rounds: rounds.map((r, i) => ({ ...r, digest: digests[i] })),
    }),
  );
}

void main();
