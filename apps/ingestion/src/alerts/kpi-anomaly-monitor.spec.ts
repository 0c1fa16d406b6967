import type { KpiValue } from '@bsc/common';
import type { KpiDef } from '@bsc/twin';
import { KpiAnomalyMonitor } from './kpi-anomaly-monitor';

const DAY = 86_400_000;
const T0 = Date.UTC(2026, 10, 1);
const kpis = [{ id: 'oven', name: 'Oven' }] as unknown as KpiDef[];

/** A value of the daily KPI `oven` for day `d` of November, at `hour` of that day. */
function value(d: number, v: number, hour = 23): KpiValue {
  const periodStart = T0 + d * DAY;
  return {
    kpiId: 'oven',
    periodKey: `2026-11-${String(d + 1).padStart(2, '0')}`,
    periodStart,
    periodEnd: periodStart + DAY,
    value: v,
    asOf: periodStart + hour * 3_600_000,
    computedAt: periodStart + hour * 3_600_000,
    quality: { stale: false, coverage: 1 },
    origin: 'computed',
  } as unknown as KpiValue;
}

describe(KpiAnomalyMonitor.name, () => {
  it("flags a value outside the forecast's 95 % band of its period, once per excursion, and none inside", () => {
    const sut = new KpiAnomalyMonitor(kpis);
    const day = value(0, 0);
    // band [180, 190] all day: middle 185, σ = 5/1.96
    sut.useForecasts([
      {
        kpiId: 'oven',
        periodKey: day.periodKey,
        band: [
          { time: day.periodStart, lower95: 180, upper95: 190 },
          { time: day.periodEnd, lower95: 180, upper95: 190 },
        ],
      },
    ]);
    expect(sut.observe(value(0, 186, 6))).toEqual([]);
    const [outside] = sut.observe(value(0, 191, 7));
    expect(outside).toMatchObject({ kind: 'kpi_interval', kpiId: 'oven', value: 191, expected: 185, lower: 180 });
    // 6/(5/1.96) = 2.352σ: two-sided p = 0.01867, surprise 1.729 decades, score 1.729/6.729
    expect(outside.score).toBeCloseTo(0.2569, 3);
    expect(sut.observe(value(0, 191.5, 8))).toEqual([]); // the same excursion, not ten times less likely
    expect(sut.observe(value(0, 200, 9))).toHaveLength(1); // 5.88σ: far worse, news again
    expect(sut.observe(value(0, 185, 10))).toEqual([]);
    expect(sut.observe(value(0, 191, 11))).toHaveLength(1); // a new excursion
  });

  // band [180, 190] all day, σ = 5/1.96: 200 is 5.880σ (surprise 8.387 decades), 199 5.488σ (7.391, no news: not
  // above 8.387 + 1), 205 7.840σ (14.346: news), 191 2.352σ (1.729)
  it.each([
    { latest: 200, told: '2026-11-01', next: 199, news: false },
    { latest: 200, told: '2026-11-01', next: 205, news: true },
    { latest: 186, told: '2026-11-01', next: 191, news: true }, // back inside: the excursion ended
    { latest: 200, told: '2026-10-31', next: 199, news: true }, // told in another period: not this excursion
  ])(
    'resumes an excursion told before a start when its latest value read back is still outside ($latest, told in $told, next $next)',
    ({ latest, told, next, news }) => {
      const sut = new KpiAnomalyMonitor(kpis);
      const day = value(0, 0);
      const flat = [day.periodStart, day.periodEnd].map((time) => ({ time, lower95: 180, upper95: 190 }));
      sut.useForecasts([{ kpiId: 'oven', periodKey: day.periodKey, band: flat }]);
      sut.useHistory([value(0, latest, 9)]);
      const start = day.periodStart + 8 * 3_600_000;
      const outside = sut.outsideAtStart(['oven']);
      sut.resumeExcursions([{ kpiId: 'oven', ts: start, value: 200, lower: 180, upper: 190, periodKey: told }]);

      expect(outside).toHaveLength(latest === 200 ? 1 : 0);
      expect(sut.observe(value(0, next, 10))).toHaveLength(news ? 1 : 0);
    },
  );

  it('keeps the latest band when an older one is read back after it, and takes the older as the earlier band', () => {
    const sut = new KpiAnomalyMonitor(kpis);
    const day = value(0, 0);
    const H = 3_600_000;
    const band = (from: number, lower95: number, upper95: number) => ({
      kpiId: 'oven',
      periodKey: day.periodKey,
      band: [
        { time: from, lower95, upper95 },
        { time: day.periodEnd, lower95, upper95 },
      ],
    });
    // live: a path from 20:00 at [180, 190]; then a stored one, read late, whose path starts at 00:00, [100, 110]
    sut.useForecasts([band(day.periodStart + 20 * H, 180, 190)]);
    sut.useForecasts([band(day.periodStart, 100, 110)]);
    // 105 at 06:00: before the live path, judged by the older band, inside [100, 110]; 185 at 21:00: by the live
    // band, inside [180, 190]. Had the older band replaced the live one, 185 would lie 80 above [100, 110].
    expect(sut.observe(value(0, 105, 6))).toEqual([]);
    expect(sut.observe(value(0, 185, 21))).toEqual([]);
    // and the older band does judge: 111 at 07:00 is 6 above its middle 105, σ = 5/1.96: 2.352σ, score 0.2569
    const [outside] = sut.observe(value(0, 111, 7));
    expect(outside).toMatchObject({ kind: 'kpi_interval', lower: 100, upper: 110 });
    expect(outside.score).toBeCloseTo(0.2569, 3);
  });

  it('has no band for another period than the forecast, nor before a forecast', () => {
    const sut = new KpiAnomalyMonitor(kpis);
    expect(sut.observe(value(0, 1e6))).toEqual([]);
    sut.useForecasts([
      {
        kpiId: 'oven',
        periodKey: value(0, 0).periodKey,
        band: [{ time: value(1, 0).asOf, lower95: 180, upper95: 190 }],
      },
    ]);
    expect(sut.observe(value(1, 1e6))).toEqual([]);
  });

  it("judges today's values by the band of a forecast made on an earlier day, not by today's newer ones", () => {
    const sut = new KpiAnomalyMonitor(kpis);
    const endOf = (d: number) => value(d, 0).periodEnd;
    const forecast = (points: Array<[number, number, number]>) =>
      sut.useForecasts([
        {
          kpiId: 'oven',
          periodKey: '2026-11',
          band: points.map(([time, lower95, upper95]) => ({ time, lower95, upper95 })),
        },
      ]);
    const monthly = (d: number, v: number, hour: number) => ({
      ...value(d, v, hour),
      periodKey: '2026-11',
      periodStart: T0,
    });
    // made on day 0: [180, 190] at the end of day 0, [190, 210] at the end of day 1
    forecast([
      [endOf(0), 180, 190],
      [endOf(1), 190, 210],
    ]);
    // made on day 1 (every few minutes): its path starts at the end of day 1
    forecast([
      [endOf(1), 100, 101],
      [endOf(2), 100, 101],
    ]);
    forecast([
      [endOf(1), 100, 102],
      [endOf(2), 100, 102],
    ]);
    // noon of day 1, half-way: the day-0 band is [185, 200]; 195 is inside it (and far outside the newer ones)
    expect(sut.observe(monthly(1, 195, 12))).toEqual([]);
    const [outside] = sut.observe(monthly(1, 201, 12));
    expect(outside).toMatchObject({ kind: 'kpi_interval', lower: 185, upper: 200 });
  });

  it('puts a change point on the first period of the new level, judged on the values periods end with', () => {
    const sut = new KpiAnomalyMonitor(kpis);
    const days = [180, 182, 180, 182, 180, 182, 180, 182, 190, 192, 190, 191];
    const found = days.flatMap((v, d) => [
      // an early value in the day does not count: the value the day ends with does
      ...sut.observe(value(d, 100, 1)),
      ...sut.observe(value(d, v)),
    ]);
    // the shift on day 8 is told when day 10 closes, i.e. with day 11's first value
    expect(found).toEqual([
      expect.objectContaining({ kind: 'kpi_change_point', ts: T0 + 8 * DAY, periodKey: '2026-11-09', expected: 181 }),
    ]);
    expect(found[0].value).toBeCloseTo(572 / 3, 10);
  });

  it('takes stored period values as the live path took them: a restart at day 8 finds the change as without one', () => {
    const days = [180, 182, 180, 182, 180, 182, 180, 182, 190, 192, 190, 191];
    const live = (sut: KpiAnomalyMonitor, from: number) =>
      days.slice(from).flatMap((v, i) => sut.observe(value(from + i, v)));
    const uninterrupted = live(new KpiAnomalyMonitor(kpis), 0);
    const restarted = new KpiAnomalyMonitor(kpis);
    restarted.useHistory(days.slice(0, 8).map((v, d) => value(d, v)));

    // seeded: days 0–10 closed when day 11 arrives, split after day 7 as in the case above, same score
    expect(live(restarted, 8)).toEqual(uninterrupted);
    expect(uninterrupted).toEqual([expect.objectContaining({ kind: 'kpi_change_point', ts: T0 + 8 * DAY })]);
    // not seeded: days 8–10 are 3 values, a split needs 3 on each side
    expect(live(new KpiAnomalyMonitor(kpis), 8)).toEqual([]);
  });

  it('keeps what a KPI took live when its stored values are read back after it (a model change adds it)', () => {
    const days = [180, 182, 180, 182, 180, 182, 180, 182, 190, 192, 190, 191];
    const sut = new KpiAnomalyMonitor(kpis);
    // live: days 0–8 before the read comes back with days 0–8 at 500 (an older number of day 8, still open)
    const live = days.slice(0, 9).flatMap((v, d) => sut.observe(value(d, v, 22)));
    sut.useHistory(days.slice(0, 9).map((_, d) => value(d, 500, 20)));
    const after = days.slice(9).flatMap((v, i) => sut.observe(value(9 + i, v)));

    // the live series stands: days 0–10 closed by day 11 tell the change at day 8, as in the case above; taken on
    // top of it, the 500s would have closed day 8 at 500 and the change would be another one
    expect([...live, ...after]).toEqual([expect.objectContaining({ kind: 'kpi_change_point', ts: T0 + 8 * DAY })]);
  });

  it("flags a change point planned when its new level's first period starts in downtime", () => {
    // downtime from day 8 on: the shift found on day 8 (as above) starts there
    const sut = new KpiAnomalyMonitor(kpis, undefined, (_kpiId, ts) => (ts >= T0 + 8 * DAY ? 'stopped' : null));
    const days = [180, 182, 180, 182, 180, 182, 180, 182, 190, 192, 190, 191];
    const found = days.flatMap((v, d) => sut.observe(value(d, v)));
    expect(found).toEqual([expect.objectContaining({ kind: 'kpi_change_point', ts: T0 + 8 * DAY, planned: true })]);
  });
});
