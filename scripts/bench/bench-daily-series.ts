/*
 * The forecasts' daily KPI values alone (updateDailyKpiSeries) on bench:scale's generated model, on a fixed clock so
 * two builds compute the same days: --seed 1 stores bench:scale's history (--days of one sample per signal a day,
 * the last day at --day-step-s) and stops; otherwise the first update (every sample), then --rounds updates of one
 * more step each (the previous update's checkpoint restored). Prints CPU (this process) and wall time of each, then
 * ONE JSON line with a digest of every stored daily value (equal digests: equal values). PostgreSQL (DATABASE_URL,
 * an existing database: copy a seeded one with createdb -T) or SQLite (--sqlite FILE).
 *   node dist/scripts/bench/bench-daily-series.js [--signals 10000] [--days 1] [--day-step-s 900] [--rounds 2]
 *     [--seed 1] [--sqlite FILE] [--cpu-prof DIR] (V8 profiles of the updates) [--dump FILE] (the values as JSON)
 *     [--analyze 1] (the sample partitions' stale planner statistics gathered first, as a forecast cycle does; 0:
 *     left as the seed leaves them, the planner then reads a partition whole for every page)
 *     [--kept 1] (the stored values kept from update to update, as the forecast worker keeps them; 0: every update
 *     reads them all back, as before)
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { KpiDailyValueRepository, openDataSource, SamplePartitionRepository, SampleRepository } from '@bsc/persistence';
import { validateModel, type TwinModel } from '@bsc/twin';
import type { DataSource } from 'typeorm';
import { PostgresQueryRunner } from 'typeorm/driver/postgres/PostgresQueryRunner';
import { KeptDailyValues } from '../../apps/api/src/forecasts/series/kept-daily-values';
import { updateDailyKpiSeries } from '../../apps/api/src/forecasts/series/stored-daily-kpi-series';
import { seedHistory } from './support/scale-history';
import { scaleModel } from './support/scale-model';
import { argNumber, argText } from './support/bench-args';

const SIGNALS = argNumber('signals', 10_000);
const DAYS = argNumber('days', 1);
const STEP_MS = argNumber('day-step-s', 900) * 1_000;
const ROUNDS = argNumber('rounds', 2);
const KEPT = argNumber('kept', 1) === 1;
const DAY_MS = 86_400_000;
/** The fixed clock: a day's end minus a minute, as bench:scale's history ends a minute before its now. */
const NOW = Date.UTC(2026, 5, 15, 23, 59);

interface Update {
  mode: string;
  samplesRead: number;
  valuesRead: number;
  cpuMs: number;
  /** PostgreSQL's backends of this database (null on SQLite or when their /proc is not readable). */
  dbCpuMs: number | null;
  wallMs: number;
}

/** CPU ms so far of each PostgreSQL backend serving this database, by pid (read from /proc: a local server). */
async function backendCpu(dataSource: DataSource): Promise<Map<number, number> | null> {
  if (dataSource.options.type !== 'postgres') return null;
  const rows = await dataSource.query<Array<{ pid: number }>>(
    'SELECT pid FROM pg_stat_activity WHERE datname = current_database()',
  );
  const out = new Map<number, number>();
  try {
    for (const { pid } of rows) {
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
      out.set(pid, ((Number(fields[11]) + Number(fields[12])) * 1_000) / CLOCK_TICKS);
    }
  } catch {
    return null;
  }
  return out;
}
const CLOCK_TICKS = 100;

/** --trace-sql: wall ms and calls per statement shape (its first words), printed after each update. */
const sqlTimes = new Map<string, { calls: number; ms: number }>();
function traceSql(): void {
  const proto = PostgresQueryRunner.prototype as unknown as { query: (...a: unknown[]) => Promise<unknown> };
  const query = proto.query;
  proto.query = async function (this: unknown, ...a: unknown[]) {
    const key = String(a[0]).replace(/\s+/g, ' ').slice(0, 110);
    const started = Date.now();
    try {
      return await query.apply(this, a);
    } finally {
      const t = sqlTimes.get(key) ?? { calls: 0, ms: 0 };
      t.calls++;
      t.ms += Date.now() - started;
      sqlTimes.set(key, t);
    }
  };
}

async function main(): Promise<void> {
  if (argNumber('trace-sql', 0) === 1) traceSql();
  const sqlite = argText('sqlite');
  const dataSource = await openDataSource(sqlite ? { sqlitePath: sqlite } : { databaseUrl: process.env.DATABASE_URL });
  const profDir = argText('cpu-prof');
  const session = profDir ? new Session() : null;
  session?.connect();
  try {
    const model = validateModel(scaleModel(SIGNALS, 'bench')).model as TwinModel;
    const samples = new SampleRepository(dataSource);
    const store = new KpiDailyValueRepository(dataSource);
    const dayFrom = NOW - DAY_MS;
    if (argNumber('seed', 0) === 1) {
      // the months' partitions exist before the data arrives, as the ingestion's maintenance makes them ahead
      const partitions = new SamplePartitionRepository(dataSource);
      await partitions.maintain(NOW);
      const yearFrom = Math.floor((NOW - DAYS * DAY_MS) / DAY_MS) * DAY_MS + DAY_MS / 2;
      const older = await seedHistory(samples, SIGNALS, { from: yearFrom, to: dayFrom, stepMs: DAY_MS });
      const day = await seedHistory(samples, SIGNALS, { from: dayFrom, to: NOW - 60_000, stepMs: STEP_MS });
      // and those of older months the default partition took, moved out at the ingestion's next maintenance
      const created = await partitions.maintain(NOW);
      console.log(`seeded ${older} + ${day} samples; partitions ${created.join(', ') || 'none'}`);
      return;
    }
    let clock = NOW;
    const kept = KEPT ? new KeptDailyValues() : undefined;
    let seriesDigest = '';
    const update = async (name: string): Promise<Update> => {
      if (session) await session.post('Profiler.enable').then(() => session.post('Profiler.start'));
      const db = await backendCpu(dataSource);
      const cpu = process.cpuUsage();
      const started = Date.now();
      const { figures, series } = await updateDailyKpiSeries(model, samples, store, clock, undefined, kept);
      const wallMs = Date.now() - started;
      const used = process.cpuUsage(cpu);
      const dbAfter = db && (await backendCpu(dataSource));
      const dbCpuMs = dbAfter && Math.round([...dbAfter].reduce((n, [pid, ms]) => n + ms - (db.get(pid) ?? 0), 0));
      if (session && profDir) {
        const { profile } = await session.post('Profiler.stop');
        mkdirSync(profDir, { recursive: true });
        writeFileSync(join(profDir, `${name}.cpuprofile`), JSON.stringify(profile));
      }
      const cpuMs = Math.round((used.user + used.system) / 1_000);
      seriesDigest = createHash('sha256')
        .update(JSON.stringify([...series]))
        .digest('hex')
        .slice(0, 16);
      const { mode, samplesRead, valuesRead } = figures;
      const u = { mode, samplesRead, valuesRead, cpuMs, dbCpuMs, wallMs };
      console.log(`${name}: ${JSON.stringify(u)} load ${loadavg()[0].toFixed(1)}`);
      for (const [sql, t] of [...sqlTimes].sort((a, b) => b[1].ms - a[1].ms).slice(0, 12))
        console.log(`  ${String(t.ms).padStart(7)} ms ${String(t.calls).padStart(5)}x ${sql}`);
      sqlTimes.clear();
      return u;
    };
    if (argNumber('analyze', 1) === 1) {
      const started = Date.now();
      const statistics = await new SamplePartitionRepository(dataSource).analyzeStale();
      console.log(`analysed ${statistics.analysed.join(', ') || 'nothing'} in ${Date.now() - started} ms`);
    }
    const first = await update('first');
    const next: Update[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      // one more step of samples, received at their time, then the update a step later
      await seedHistory(samples, SIGNALS, { from: clock, to: clock + 1, stepMs: 1 });
      clock += STEP_MS;
      next.push(await update(`next${round}`));
    }
    const rows = await dataSource.query<Array<{ k: string; d: string | number; v: number | null }>>(
      'SELECT series_key AS k, day_start AS d, value AS v FROM kpi_daily_value ORDER BY series_key, day_start',
    );
    const values = rows.map((r) => [r.k, Number(r.d), r.v === null ? null : Number(r.v)]);
    const digest = createHash('sha256').update(JSON.stringify(values)).digest('hex').slice(0, 16);
    const dump = argText('dump');
    if (dump) writeFileSync(dump, JSON.stringify(values));
    console.log(
      JSON.stringify({
        signals: SIGNALS,
        kpis: model.kpis.length,
        kept: KEPT,
        first,
        next,
        dailyValues: values.length,
        digest,
        // the last update's series as the forecasts get them
        seriesDigest,
      }),
    );
  } finally {
    session?.disconnect();
    await dataSource.destroy();
  }
}

void main();
