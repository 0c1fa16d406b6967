import { seededNormal } from '@bsc/forecasting';
import { loadValidModelFromFile, type TwinModel } from '@bsc/twin';
import { DAY_MS, type DailySeries } from '../series/daily-kpi-series';
import { runForecastJob } from './forecast-job';
import { estimateObjectiveLinks } from './objective-links';

// 2026-11-22 12:00 UTC: Q4 (calendar fiscal year) has 39 days left counting today, November 9.
const NOW = Date.UTC(2026, 10, 22, 12);
const TODAY = Date.UTC(2026, 10, 22);

function daily(days: number, f: (day: number, z: () => number) => number, seed = 1): DailySeries {
  const z = seededNormal(seed);
  return { start: TODAY - days * DAY_MS, values: Array.from({ length: days }, (_, d) => f(d, z)) };
}

describe(runForecastJob.name, () => {
  let model: TwinModel;

  beforeAll(async () => {
    model = await loadValidModelFromFile('models/demo/acme-manufacturing.yaml');
  });

  it('projects a sum-type KPI to its period end from the elapsed part and a forecast of the rest', () => {
    // Revenue: a steady 150k a day; Q4 started 1 Oct, so 52 complete days are in, 40 remain (incl. today).
    const series = new Map([['revenue', daily(120, (_d, z) => 150_000 + 1_000 * z())]]);

    const [sut] = runForecastJob({ model, series, now: NOW, kpiIds: ['revenue'] }).forecasts;

    expect(sut.periodEnd!.periodKey).toMatch(/2026-Q4$/);
    expect(sut.periodEnd!.expected / 1e6).toBeCloseTo((92 * 150_000) / 1e6, 0);
    // The path is the running total at the end of each remaining day, ending at the period-end expectation.
    expect(sut.points).toHaveLength(40);
    expect(sut.points[0].time).toBe(TODAY + DAY_MS);
    expect(sut.points[39].time).toBe(Date.UTC(2027, 0, 1));
    expect(sut.points[39].mean).toBeCloseTo(sut.periodEnd!.expected, 6);
    expect(sut.points[39].lower80).toBeCloseTo(sut.periodEnd!.lower80, 6);
    expect(sut.points[0].mean / 1e6).toBeCloseTo((53 * 150_000) / 1e6, 0); // 52 days in + today
    // 13.8 M expected against the model's Q4 target: far above it, so nearly certain.
    expect(sut.periodEnd!.target).toBe(12_500_000);
    expect(sut.periodEnd!.probabilityOfMeetingTarget).toBeGreaterThan(0.99);
    expect(sut.backtest!.origins).toBeGreaterThan(0);
  });

  it('gives a low probability when the KPI runs well below its target', () => {
    const series = new Map([['revenue', daily(120, (_d, z) => 100_000 + 1_000 * z())]]);
    const [sut] = runForecastJob({ model, series, now: NOW, kpiIds: ['revenue'] }).forecasts;
    expect(sut.periodEnd!.probabilityOfMeetingTarget).toBeLessThan(0.01);
  });

  it("projects the demo's gross margin from its revenue's and cost's quarter projections", () => {
    // 150k revenue and 100k cost a day: a margin of 50 / 150 = 33.3 % for the quarter, whatever the last day's
    // own margin (10 % on the day before today, which the margin's own daily series ends with)
    const series = new Map([
      ['revenue', daily(120, (_d, z) => 150_000 + 1_000 * z(), 1)],
      ['cogs', daily(120, (_d, z) => 100_000 + 1_000 * z(), 2)],
      ['gross_margin', daily(120, (d) => (d === 119 ? 10 : 100 / 3))],
    ]);

    const [sut] = runForecastJob({ model, series, now: NOW, kpiIds: ['gross_margin'] }).forecasts;

    expect(sut.method).toMatch(/^terms\(/);
    expect(sut.periodEnd!.expected).toBeCloseTo(100 / 3, 0);
    expect(sut.points[39].mean).toBeCloseTo(sut.periodEnd!.expected, 6);
  });

  it('skips KPIs without enough history', () => {
    const out = runForecastJob({
      model,
      series: new Map([['revenue', daily(5, () => 1)]]),
      now: NOW,
      kpiIds: ['revenue', 'csat'],
    });
    expect(out.forecasts).toEqual([]);
    expect(out.skipped.sort()).toEqual(['csat', 'revenue']);
  });

  it('measures strategy-map links: a cause leading its effect by 10 days is found significant', () => {
    const drive = daily(200, (_d, z) => z(), 7).values;
    let level = 0;
    const cause = drive.map((v) => (level += v));
    const lagged = (d: number): number => cause[Math.max(0, d - 10)];
    const series = new Map<string, DailySeries>([
      // operational_excellence → deliver_on_time (hypothesised lag 14 days).
      ['oee_group', { start: TODAY - 200 * DAY_MS, values: cause.map((v) => 70 + v) }],
      ['throughput', { start: TODAY - 200 * DAY_MS, values: cause.map((v) => 5_000 + 10 * v) }],
      ['on_time_delivery', daily(200, (d, z) => 90 + 2 * lagged(d) + 0.5 * z(), 9)],
    ]);

    const links = estimateObjectiveLinks(model, series, NOW);
    const sut = links.find((l) => l.from === 'operational_excellence' && l.to === 'deliver_on_time')!;

    expect(sut).toMatchObject({ measuredLagSteps: 10, measuredLagMs: 10 * DAY_MS, significant: true });
    expect(sut.strength).toBeGreaterThan(0.5);
    expect(links.find((l) => l.from === 'build_skills')!.note).toMatch(/no KPI history/);
  });
});
