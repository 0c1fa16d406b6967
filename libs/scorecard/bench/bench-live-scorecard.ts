// Benchmark: the live scorecard of the root unit kept up to date (LiveScorecard) against assembling it again from
// all values (compareWithPreviousPeriod, what the API did after every KPI update), CPU only, on models shaped like
// bench:scale's (a root over sites of 50 KPIs, one objective per perspective per site) of 100, 1,000 and 10,000
// KPIs. Per size: the full assembly; an update of 1, 100 and 1,000 changed KPIs and the root served after it; a 5 s
// time step; the root served with nothing changed; a forecast batch's projections taken, against the scorecard built
// again with them. Medians of RUNS. Last line: one JSON object.
//   node dist/libs/scorecard/bench/bench-live-scorecard.js [--sizes 100,1000,10000]
import { performance } from 'node:perf_hooks';
import { DEFAULT_PERSPECTIVES, type KpiDef, type ObjectiveDef, type OrgUnitDef, type TwinModel } from '@bsc/twin';
import {
  compareWithPreviousPeriod,
  LiveScorecard,
  type KpiValueRevision,
  type ModelVersion,
  type PredictedValue,
} from '@bsc/scorecard';
import { scorecardOnlyModel } from './bench-model';

const KPIS_PER_SITE = 50;
const RUNS = 15;
const BATCHES = [1, 100, 1_000];
/** Forecast jobs a replica works at once, each batch announced by one `forecast.updated`. */
const FORECAST_BATCH = 16;
const STEP_MS = 5_000;
const AT = Date.UTC(2026, 10, 20, 12);
const MONTHS = [
  { key: '2026-11', start: Date.UTC(2026, 10, 1), end: Date.UTC(2026, 11, 1) },
  { key: '2026-10', start: Date.UTC(2026, 9, 1), end: Date.UTC(2026, 10, 1) },
];

function option(name: string, fallback: string): string {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 ? process.argv[at + 1] : fallback;
}

function scaleShapedModel(kpiCount: number): TwinModel {
  const sites = Math.max(2, Math.ceil(kpiCount / KPIS_PER_SITE));
  const units: OrgUnitDef[] = [{ id: 'acme', name: 'ACME' }];
  for (let s = 0; s < sites; s++) units.push({ id: `u${s}`, name: `Site ${s}`, parent: 'acme' });
  const kpis: KpiDef[] = Array.from({ length: kpiCount }, (_, k) => ({
    id: `k${k}`,
    name: `KPI ${k}`,
    unit: 'units',
    orgUnit: `u${Math.floor(k / KPIS_PER_SITE) % sites}`,
    direction: 'higher_is_better',
    aggregation: 'avg',
    period: 'month',
    target: 100,
    targets: [],
    thresholds: { mode: 'percent', atRisk: 5, offTarget: 10 },
    indicator: 'lag',
    updateFrequency: '1d',
    manualEntry: false,
    rollup: 'weighted_average',
    formula: 'x',
  }));
  const objectives: ObjectiveDef[] = units.slice(1).flatMap((unit) =>
    DEFAULT_PERSPECTIVES.map((p, i) => ({
      id: `o_${unit.id}_${p.id}`,
      name: p.name,
      unit: unit.id,
      perspective: p.id,
      weight: 1,
      kpis: kpis
        .filter((k, n) => k.orgUnit === unit.id && n % DEFAULT_PERSPECTIVES.length === i)
        .map((k) => ({ kpi: k.id, weight: 1 })),
    })),
  );
  return scorecardOnlyModel(units, objectives, kpis);
}

function revision(kpiId: string, month: (typeof MONTHS)[number], value: number, at: number): KpiValueRevision {
  return {
    kpiId,
    periodKey: month.key,
    periodStart: month.start,
    periodEnd: month.end,
    value,
    asOf: at,
    computedAt: at,
    quality: { coverage: 1, stale: false, quality: 'good' },
    origin: 'computed',
    recordedAt: at,
  };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

/** Median ms of `fn` over RUNS after one warm-up; `prepare` runs untimed before each call. */
function timeRuns(fn: (run: number) => void, prepare: (run: number) => void = () => undefined): number {
  prepare(-1);
  fn(-1);
  const times: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    prepare(run);
    const t = performance.now();
    fn(run);
    times.push(performance.now() - t);
  }
  return Math.round(median(times) * 1000) / 1000;
}

function measure(kpiCount: number): Record<string, number> {
  const model = scaleShapedModel(kpiCount);
  const version: ModelVersion = { version: 1, importedAt: 0, model };
  const log = model.kpis.flatMap((k, i) => MONTHS.map((m) => revision(k.id, m, 80 + ((i * 7919) % 40), AT - 60_000)));
  const figures: Record<string, number> = { kpis: kpiCount };
  figures.fullMs = timeRuns(() => {
    compareWithPreviousPeriod('acme', { at: AT, mode: 'as_corrected', revisions: log, versions: [version] });
  });
  const live = new LiveScorecard(version, AT, log);
  live.comparison('acme');
  let at = AT;
  for (const batch of BATCHES.filter((b) => b <= kpiCount)) {
    let changed: KpiValueRevision[] = [];
    figures[`update${batch}Ms`] = timeRuns(
      () => {
        live.update(
          changed.map((r) => r.kpiId),
          changed,
        );
        live.comparison('acme');
      },
      (run) => {
        at += 1;
        const first = ((run + 1) * 7919) % kpiCount;
        changed = Array.from({ length: batch }, (_, i) =>
          revision(`k${(first + i) % kpiCount}`, MONTHS[0], 60 + ((run + i) % 50), at),
        );
      },
    );
  }
  figures.timeStepMs = timeRuns(() => {
    at += STEP_MS;
    live.advance(at);
    live.comparison('acme');
  });
  figures.unchangedMs = timeRuns(() => live.comparison('acme'));
  // a forecast batch of FORECAST_BATCH KPIs' projections: before, the API built the scorecard again with every
  // projection (not counting its database reads); now the projections are taken by predict()
  const predicted = new Map(model.kpis.map((k, i) => [k.id, { expected: 80 + (i % 40), probability: 0.5 }]));
  figures.forecastRebuildMs = timeRuns(() => new LiveScorecard(version, AT, log, { predicted }).comparison('acme'));
  const forecasting = new LiveScorecard(version, AT, log, { predicted });
  forecasting.comparison('acme');
  let projections = new Map<string, PredictedValue>();
  figures[`forecast${FORECAST_BATCH}Ms`] = timeRuns(
    () => {
      forecasting.predict(projections);
      forecasting.comparison('acme');
    },
    (run) => {
      const first = ((run + 2) * 7919) % kpiCount;
      projections = new Map(
        Array.from({ length: Math.min(FORECAST_BATCH, kpiCount) }, (_, i) => [
          `k${(first + i) % kpiCount}`,
          { expected: 70 + ((run + i) % 40), probability: ((run + i) % 10) / 10 },
        ]),
      );
    },
  );
  return figures;
}

function main(): void {
  const sizes = option('sizes', '100,1000,10000').split(',').map(Number);
  const results = sizes.map((n) => {
    const f = measure(n);
    process.stdout.write(
      `${n} KPIs: full ${f.fullMs} ms; kept up to date: ${BATCHES.filter((b) => `update${b}Ms` in f)
        .map((b) => `${b} changed ${f[`update${b}Ms`]} ms`)
        .join(', ')}, 5 s step ${f.timeStepMs} ms, unchanged ${f.unchangedMs} ms; a forecast batch of ` +
        `${FORECAST_BATCH}: ${f[`forecast${FORECAST_BATCH}Ms`]} ms against ${f.forecastRebuildMs} ms rebuilt\n`,
    );
    return f;
  });
  process.stdout.write(`${JSON.stringify({ runs: RUNS, sizes: results })}\n`);
}

main();
