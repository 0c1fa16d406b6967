import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hourlySamples } from '@bsc/common';
import { FiscalCalendar, KpiEngine, type FiscalPeriod } from '@bsc/kpi';
import { TwinModelBuilder } from '@bsc/twin';
import { ForecastService } from '../../../apps/api/src/forecasts/runtime/forecast.service';
import { bearer, gql, startApiTestApp, type ApiTestApp } from './api-test-app';

// 60 days of hourly history, a forecast run over four KPIs and a scenario
jest.setTimeout(120_000);

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

interface Outlook {
  expected: number;
  lower80: number;
  upper80: number;
  probabilityOfMeetingTarget: number | null;
}
interface KpiWhatIf {
  kpiId: string;
  periodKey: string;
  periodsAhead: number;
  exactEffect: number;
  approximate: string | null;
  baseline: Outlook;
  scenario: Outlook;
}

const OUTLOOK = 'expected lower80 upper80 probabilityOfMeetingTarget';
const QUERY = `query($scenario: ScenarioInput!) { whatIf(scenario: $scenario) {
  kpis { kpiId periodKey periodsAhead exactEffect approximate baseline { ${OUTLOOK} } scenario { ${OUTLOOK} } }
} }`;

/**
 * Signals `a` (10 every hour) and `b` (20 every hour), monthly KPIs on them: a total of both, a ratio of their
 * totals and a level (their latest values). Constant days forecast as themselves, so the forecast of every KPI
 * stands where the month would end if nothing changed: the scenario's exact effects are worked by hand.
 */
const document = TwinModelBuilder.model('what-if-job')
  .signal('a', 'b', 'c')
  .declare({ kind: 'counter' }, 'c')
  .kpi('total', 'sum(a, period) + sum(b, period)', { period: 'month', aggregation: 'sum', target: 25_000 })
  .kpi('share', 'sum(a, period) / sum(b, period)', { period: 'month', aggregation: 'last', target: 0.5 })
  .kpi('level', 'a + b', { period: 'month', aggregation: 'last', target: 30.5 })
  .kpi('mean', 'avg(a, period)', { period: 'month', aggregation: 'avg', target: 10 })
  .kpi('daily', 'sum(a, period)', { period: 'day', aggregation: 'sum', target: 240 })
  .kpi('last_day', 'daily', { period: 'month', aggregation: 'last', target: 240 })
  .kpi('made', 'delta(c, period)', { period: 'month', aggregation: 'sum', target: 8_000 })
  .kpi('doubled', 'total * 2', { period: 'month', aggregation: 'sum', target: 50_000 })
  // daily KPIs reading monthly ones: the month to date at the day's end
  .kpi('total_so_far', 'total', { period: 'day', aggregation: 'last', target: 0 })
  .kpi('level_so_far', 'level', { period: 'day', aggregation: 'last', target: 0 })
  .toDocument();

describe('whatIf on forecasts the forecast job computed: +10 % on signal a from tomorrow', () => {
  let sut: ApiTestApp;
  let dir: string;
  let month: FiscalPeriod;
  let tomorrow: number;
  let kpis: KpiWhatIf[];
  let counted: KpiWhatIf[];
  const now = Date.now();

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'bsc-what-if-job-'));
    // JSON is YAML
    const modelFile = join(dir, 'model.yaml');
    writeFileSync(modelFile, JSON.stringify(document));
    sut = await startApiTestApp({ MODEL_FILE: modelFile });
    const calendar = new FiscalCalendar(sut.activeModel.current().model.calendar);
    month = calendar.periodOf(now, 'month');
    tomorrow = calendar.periodOf(now, 'day').end;

    const first = calendar.periodOf(now, 'day').start - 60 * DAY;
    // hourly through now included; c a counter going up 10 an hour
    const samples = [
      ...hourlySamples('a', first, now + 1, 10),
      ...hourlySamples('b', first, now + 1, 20),
      ...hourlySamples('c', first, now + 1, (ts) => (10 * (ts - first)) / HOUR),
    ];
    await sut.samples.insertBatch(samples, now);
    await sut.app.get(ForecastService).runNow();

    kpis = await whatIf({ kind: 'signal', id: 'a', change: 'relative', value: 0.1, from: iso(tomorrow) });
    counted = await whatIf({ kind: 'signal', id: 'c', change: 'relative', value: 0.1, from: iso(tomorrow) });
  });

  const iso = (t: number) => new Date(t).toISOString();
  async function whatIf(driver: Record<string, unknown>, horizonPeriods = 1): Promise<KpiWhatIf[]> {
    const scenario = { drivers: [driver], draws: 200, horizonPeriods };
    const res = await gql<{ whatIf: { kpis: KpiWhatIf[] } }>(sut.url, QUERY, { scenario }, bearer(sut.token('viewer')));
    expect(res.errors).toBeUndefined();
    return res.data!.whatIf.kpis;
  }
  afterAll(async () => {
    await sut?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const kpi = (id: string) => kpis.find((k) => k.kpiId === id && k.periodsAhead === 0)!;
  // whole days of the month from tomorrow on (0 on its last day: the driver starts after it)
  const daysLeft = () => Math.max(0, month.end - tomorrow) / DAY;
  const daysInMonth = () => (month.end - month.start) / DAY;

  it('forecasts the month of constant days as the constant', () => {
    // a: 10 x 24 = 240 a day, b: 480 a day; e.g. December: 31 x 720 = 22 320
    expect(kpi('total').baseline.expected).toBeCloseTo(720 * daysInMonth(), 6);
    expect(kpi('share').baseline.expected).toBeCloseTo(0.5, 9);
    expect(kpi('level').baseline.expected).toBeCloseTo(30, 9);
  });

  it('moves the month total by 10 % of a over the days from tomorrow on', () => {
    // +10 % of 10 an hour is +1 an hour, 24 a day: e.g. 7 December, 24 days left: +576
    expect(kpi('total').exactEffect).toBeCloseTo(24 * daysLeft(), 6);
    expect(kpi('total').scenario.expected).toBeCloseTo(720 * daysInMonth() + 24 * daysLeft(), 6);
  });

  it('moves the ratio of the totals by the added a over the month total of b', () => {
    // (240 n + 24 r) / (480 n) - 1/2 = r / (20 n): e.g. 24 of 31 days: 0.03871
    expect(kpi('share').exactEffect).toBeCloseTo(daysLeft() / (20 * daysInMonth()), 9);
  });

  it('moves the latest values by 10 % of a at the month end', () => {
    // a reads 11 at the month's end once the step is in force: 31, +1 (none when tomorrow is next month)
    expect(kpi('level').exactEffect).toBeCloseTo(daysLeft() > 0 ? 1 : 0, 9);
    expect(kpi('level').scenario.expected).toBeCloseTo(daysLeft() > 0 ? 31 : 30, 9);
    // constant days leave no forecast error: the 80 % intervals are the expectations, and the target of 30.5 is
    // missed for sure at 30 and met for sure at 31
    const { baseline, scenario } = kpi('level');
    expect([baseline.lower80, baseline.upper80]).toEqual([expect.closeTo(30, 6), expect.closeTo(30, 6)]);
    expect(baseline.probabilityOfMeetingTarget).toBe(0);
    expect(scenario.probabilityOfMeetingTarget).toBe(daysLeft() > 0 ? 1 : 0);
  });

  it('moves the month average of a by 10 % for the share of the month from tomorrow on', () => {
    // 10 all month, 11 for r of n days: +r / n, e.g. 24 of 31 days: +0.7742
    expect(kpi('mean').baseline.expected).toBeCloseTo(10, 9);
    expect(kpi('mean').exactEffect).toBeCloseTo(daysLeft() / daysInMonth(), 9);
  });

  it('moves each of the next two months in full, on their own forecasts', async () => {
    const later = await whatIf({ kind: 'signal', id: 'a', change: 'relative', value: 0.1, from: iso(tomorrow) }, 3);
    const calendar = new FiscalCalendar(sut.activeModel.current().model.calendar);
    const next = calendar.nextPeriod(month);
    const after = calendar.nextPeriod(next);
    for (const [ahead, p] of [
      [1, next],
      [2, after],
    ] as const) {
      const at = (id: string) => later.find((k) => k.kpiId === id && k.periodsAhead === ahead)!;
      const n = (p.end - p.start) / DAY;
      // a whole month of constant days: total 720 n, +24 n; ratio 1/2, +1/20; level 30, +1; mean 10, +1
      expect(at('total').periodKey).toBe(p.key);
      expect(at('total').baseline.expected).toBeCloseTo(720 * n, 6);
      expect(at('total').exactEffect).toBeCloseTo(24 * n, 6);
      expect(at('share').exactEffect).toBeCloseTo(0.05, 9);
      expect(at('level').exactEffect).toBeCloseTo(1, 9);
      expect(at('mean').exactEffect).toBeCloseTo(1, 9);
      // the month's last day, all of it under the step: 240 -> 264
      expect(at('last_day').exactEffect).toBeCloseTo(24, 6);
    }
  });

  it("reads the month total to date at each day's end in a daily KPI: today not at all, tomorrow +24", async () => {
    if (daysLeft() === 0) return; // tomorrow is next month: nothing of this month moves
    const later = await whatIf({ kind: 'signal', id: 'a', change: 'relative', value: 0.1, from: iso(tomorrow) }, 2);
    const at = (id: string, ahead: number) => later.find((k) => k.kpiId === id && k.periodsAhead === ahead);
    // nothing of the month to date at the end of today is from tomorrow on (the month moves by 24 a day left)
    expect(at('total_so_far', 0)?.exactEffect ?? 0).toBeCloseTo(0, 9);
    // the end of tomorrow: tomorrow's 240 of a, +10 %, both terms totals accrued evenly: exact
    expect(at('total_so_far', 1)!.exactEffect).toBeCloseTo(24, 6);
    expect(at('total_so_far', 1)!.approximate).toBeNull();
    // a latest value at the end of tomorrow: a at 11, +1; its path does not give a and b apart, so the month end's
    // latest values stand in and the result says so
    expect(at('level_so_far', 1)!.exactEffect).toBeCloseTo(1, 9);
    expect(at('level_so_far', 1)!.approximate).toMatch(/^level: /);
  });

  it('counts a ramp by the area under it', async () => {
    // +10 % reached linearly over 4 days from tomorrow: the first 4 days count half, r - 2 full days of +24
    const ramp = await whatIf({
      kind: 'signal',
      id: 'a',
      change: 'relative',
      value: 0.1,
      from: iso(tomorrow),
      rampDays: 4,
    });
    const at = (id: string) => ramp.find((k) => k.kpiId === id && k.periodsAhead === 0)!;
    const r = daysLeft();
    // area under the ramp within the month: full days less half the ramp (or, under 4 days left, r^2 / 8)
    const area = r >= 4 ? r - 2 : (r * r) / 8;
    expect(at('total').exactEffect).toBeCloseTo(24 * area, 6);
    // the level at the month's end: the reached share of the ramp
    expect(at('level').exactEffect).toBeCloseTo(Math.min(1, r / 4), 9);
  });

  it('equals what the KPI engine computes on the month with a changed from tomorrow', () => {
    // the month's samples as the forecast expects them (10 and 20 every hour to its end), once as they are and once
    // with a at 11 from tomorrow 00:00: each KPI's engine value moves by its exact effect
    const model = sut.activeModel.current().model;
    const monthValues = (raised: number) => {
      const engine = new KpiEngine(model, { clock: () => month.end });
      // through the next month's first hour: the month's last reading holds to its end
      engine.replay([
        ...hourlySamples('a', month.start, month.end + 1, (ts) => (ts >= raised ? 11 : 10)),
        ...hourlySamples('b', month.start, month.end + 1, 20),
      ]);
      return (id: string) => engine.valueOf(id, month.key)!.value!;
    };
    const [before, after] = [monthValues(Infinity), monthValues(tomorrow)];
    for (const id of ['total', 'share', 'level', 'mean', 'last_day', 'doubled']) {
      expect(kpi(id).baseline.expected).toBeCloseTo(before(id), 6);
      expect(kpi(id).exactEffect).toBeCloseTo(after(id) - before(id), 6);
    }
  });

  it('moves a monthly KPI of a daily one by the day it reads at the month end', () => {
    // last_day reads daily's value of the month's last day: 240, and 264 once a is 11 an hour from tomorrow on
    // (none when tomorrow is next month); today's daily does not move
    expect(kpis.some((k) => k.kpiId === 'daily' && k.periodsAhead === 0)).toBe(false);
    expect(kpi('last_day').baseline.expected).toBeCloseTo(240, 6);
    expect(kpi('last_day').exactEffect).toBeCloseTo(daysLeft() > 0 ? 24 : 0, 6);
  });

  it('moves a KPI of a KPI of the same period by its input', () => {
    // doubled = total * 2: 2 x 24 r
    expect(kpi('doubled').exactEffect).toBeCloseTo(48 * daysLeft(), 6);
  });

  it("moves a counter's increase over the month by 10 % of the days from tomorrow on", () => {
    // 10 an hour, 240 a day: 240 n expected; +10 % of the increase from tomorrow: +24 r
    const made = counted.find((k) => k.kpiId === 'made' && k.periodsAhead === 0)!;
    // the forecast of the counter's days is constant to a few parts in 10^8, and so is 10 % of it
    expect(made.baseline.expected).toBeCloseTo(240 * daysInMonth(), 2);
    expect(made.exactEffect).toBeCloseTo(24 * daysLeft(), 3);
  });
});
