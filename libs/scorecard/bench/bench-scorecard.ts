// Benchmark: scorecard assembly over a synthetic organisation and the alert evaluator's observation throughput.
// Prints progress lines, then ONE JSON object of figures as the last line. Baselines are measured in the same
// run: scoring every KPI alone (what any roll-up must at least do) for the builder, a bare scoreKpi loop for alerts.
import { performance } from 'node:perf_hooks';
import type { KpiValue } from '@bsc/common';
import { DEFAULT_PERSPECTIVES, type KpiDef, type ObjectiveDef, type OrgUnitDef, type TwinModel } from '@bsc/twin';
import { AlertEvaluator, buildScorecard, scoreKpi } from '@bsc/scorecard';
import { scorecardOnlyModel } from './bench-model';

const BRANCHING = 4;
const DEPTH = 4; // 1 + 4 + 16 + 64 + 256 = 341 units
const OBJECTIVES_PER_PERSPECTIVE = 2;
const KPIS_PER_OBJECTIVE = 3;
const RUNS = 15;
const OBSERVATIONS_PER_KPI = 20;
const PERIOD = '2026-11';
const NOW = Date.UTC(2026, 10, 20);

function syntheticModel(): TwinModel {
  const units: OrgUnitDef[] = [];
  const kpis: KpiDef[] = [];
  const objectives: ObjectiveDef[] = [];
  const grow = (id: string, parent: string | undefined, depth: number) => {
    units.push({ id, name: id, parent, owner: `${id}-owner`, weight: 1 + (units.length % 3) });
    for (const p of DEFAULT_PERSPECTIVES) {
      for (let o = 0; o < OBJECTIVES_PER_PERSPECTIVE; o++) {
        const objectiveId = `${id}.${p.id}.o${o}`;
        const refs = [];
        for (let k = 0; k < KPIS_PER_OBJECTIVE; k++) {
          const kpiId = `${objectiveId}.k${k}`;
          kpis.push(kpiDef(kpiId, id, k));
          refs.push({ kpi: kpiId, weight: k + 1 });
        }
        objectives.push({ id: objectiveId, name: objectiveId, unit: id, perspective: p.id, weight: 1, kpis: refs });
      }
    }
    if (depth < DEPTH) for (let c = 0; c < BRANCHING; c++) grow(`${id}.${c}`, id, depth + 1);
  };
  grow('u', undefined, 0);
  return scorecardOnlyModel(units, objectives, kpis);
}

function kpiDef(id: string, unit: string, k: number): KpiDef {
  return {
    id,
    name: id,
    unit: '%',
    orgUnit: unit,
    direction: (['higher_is_better', 'lower_is_better', 'band'] as const)[k % 3],
    aggregation: 'avg',
    period: 'month',
    target: 100,
    band: { lower: 90, upper: 110 },
    targets: [],
    thresholds: { mode: k % 2 ? 'percent' : 'absolute', atRisk: 5, offTarget: 10 },
    indicator: 'lag',
    updateFrequency: '1h',
    manualEntry: false,
    rollup: 'weighted_average',
    formula: 'x',
  };
}

function valueOf(kpiId: string, i: number): KpiValue {
  return {
    kpiId,
    periodKey: PERIOD,
    periodStart: Date.UTC(2026, 10, 1),
    periodEnd: Date.UTC(2026, 11, 1),
    value: i % 10 === 0 ? null : 80 + ((i * 7919) % 40),
    asOf: NOW,
    computedAt: NOW,
    quality: { coverage: 1, stale: false, quality: 'good' },
    origin: 'computed',
  };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function timeRuns(fn: () => void): number {
  fn(); // warm-up
  const times: number[] = [];
  for (let r = 0; r < RUNS; r++) {
    const t = performance.now();
    fn();
    times.push(performance.now() - t);
  }
  return median(times);
}

function main(): void {
  const model = syntheticModel();
  const values = new Map(model.kpis.map((k, i) => [k.id, valueOf(k.id, i)]));
  const options = { asOf: NOW, periodKeyFor: () => PERIOD };
  const out = (line: string) => process.stdout.write(`${line}\n`);
  out(`model: ${model.units.length} units, ${model.objectives.length} objectives, ${model.kpis.length} KPIs`);

  const scoringOnlyMs = timeRuns(() => {
    for (const k of model.kpis) scoreKpi(k, values.get(k.id)?.value ?? null, { periodKey: PERIOD, now: NOW });
  });
  let rootScore: number | null = null;
  const buildMs = timeRuns(() => {
    rootScore = buildScorecard(model, 'u', values, options).score;
  });
  out(`scoring only ${scoringOnlyMs.toFixed(1)} ms, full scorecard ${buildMs.toFixed(1)} ms (root score ${rootScore})`);

  const sut = new AlertEvaluator({ kpis: model.kpis, units: model.units });
  const observations = OBSERVATIONS_PER_KPI * model.kpis.length;
  let events = 0;
  const alertStart = performance.now();
  for (let step = 0; step < OBSERVATIONS_PER_KPI; step++) {
    const at = NOW + step * 60_000;
    model.kpis.forEach((k, i) => {
      const value = 75 + (((i + step) * 7919) % 45);
      const s = scoreKpi(k, value, { periodKey: PERIOD, now: at });
      events += sut.observe({ kpiId: k.id, at, value, status: s.status, target: s.target }).length;
    });
    events += sut.tick(at).length;
  }
  const alertMs = performance.now() - alertStart;
  const baselineStart = performance.now();
  for (let step = 0; step < OBSERVATIONS_PER_KPI; step++) {
    model.kpis.forEach((k, i) => scoreKpi(k, 75 + (((i + step) * 7919) % 45), { periodKey: PERIOD, now: NOW }));
  }
  const baselineMs = performance.now() - baselineStart;
  out(
    `alerts: ${observations} observations in ${alertMs.toFixed(0)} ms (${events} events), scoring alone ${baselineMs.toFixed(0)} ms`,
  );

  out(
    JSON.stringify({
      units: model.units.length,
      kpis: model.kpis.length,
      scorecardBuildMs: round(buildMs),
      scoringOnlyMs: round(scoringOnlyMs),
      rollupOverheadRatio: round(buildMs / scoringOnlyMs),
      alertObservationsPerSec: Math.round(observations / (alertMs / 1000)),
      scoringOnlyPerSec: Math.round(observations / (baselineMs / 1000)),
      alertEvents: events,
    }),
  );
}

function round(x: number): number {
  return Math.round(x * 100) / 100;
}

main();
