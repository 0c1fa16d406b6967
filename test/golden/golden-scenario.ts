import {
  API_CLOCK,
  at,
  CLI_IMPORT,
  CLI_IMPORT_CLOCK,
  iso,
  NOW,
  PHASE_1,
  PHASE_1_CLOCK,
  PHASE_2,
} from './golden-samples';
import { LIVE_SCORECARD, SCORECARD, cardsByUnit, kpiOf, perspectiveOf, type Card } from './golden-queries';
import {
  AT_NOW,
  AT_T2,
  expectKpi,
  NOW_L1_PRODUCE,
  NOW_L1_UNIT,
  NOW_L2_UNIT,
  NOW_PLANT,
  NOW_PLANT_EFFICIENCY,
  NOW_PLANT_OPS,
  T1,
  t1Kpis,
  T2,
  T2_L1_PRODUCE,
  T2_L1_UNIT,
  T2_PLANT,
  T2_PLANT_OPS,
} from './golden-expectations';
import { goldenDashboard } from './golden-dashboard';
import { forecastOf, waitForForecasts } from './support/golden-forecasts';
import {
  importWithCli,
  ingest,
  startApi,
  type GoldenApi,
  type GoldenDatabase,
  type IntakeTotals,
} from './support/golden-platform';

const LATER = NOW + 86_400_000; // "known now" (a knowledge time after now counts as now)

/** The whole scenario against one database: two ingestion runs, then the API. */
export function goldenScenario(
  createDb: () => Promise<GoldenDatabase>,
  dropDb: (db: GoldenDatabase) => Promise<void>,
  options: { dashboard?: boolean } = {},
): void {
  let db: GoldenDatabase;
  let api: GoldenApi;
  let phase1: IntakeTotals;
  let phase2: IntakeTotals;
  let imported: string;

  beforeAll(async () => {
    db = await createDb();
    phase1 = await ingest(db, PHASE_1_CLOCK, PHASE_1);
    imported = await importWithCli(db, CLI_IMPORT_CLOCK, CLI_IMPORT);
    phase2 = await ingest(db, NOW, PHASE_2);
    api = await startApi(db, API_CLOCK);
  }, 120_000);

  afterAll(async () => {
    await api?.stop();
    if (db) await dropDb(db);
  }, 30_000);

  const card = async (asOf?: number, knownAt?: number): Promise<Card> =>
    (
      await api.query<{ scorecard: Card }>(SCORECARD, {
        asOf: asOf === undefined ? undefined : iso(asOf),
        knownAt: knownAt === undefined ? undefined : iso(knownAt),
      })
    ).scorecard;

  it('takes every sample in once (HTTP intake, CSV import): the re-sent one is a duplicate', () => {
    // phase 1: 1 May 00:00 to 10 June 12:00 = 40.5 days. speed every 6 h: 163 readings minus 3 in the gap = 160;
    // energy every 12 h: 82; line1 and line2 daily at noon: 41 each. 160 + 82 + 41 + 41 = 324.
    expect(phase1).toEqual({ accepted: 324, rejected: 0, duplicates: 0 });
    // the late 40 units of 9 June, one CSV row
    expect(imported).toMatch(/imported 1 rows from .*: 1 stored, 0 duplicates, 0 rejected/);
    // phase 2 (10 June 12:00 to 13 June 12:00): speed 6 h history to 13 June 06:00 = 11, live 3601; energy 6;
    // line1 11 and 12 June = 2, live 60; line2 3. 11 + 3601 + 6 + 62 + 3 = 3683; + the re-sent one: 1 duplicate.
    expect(phase2).toEqual({ accepted: 3683, rejected: 0, duplicates: 1 });
  });

  it('now: values to date against to-date targets, statuses and scores', async () => {
    const root = await card();
    for (const [id, want] of Object.entries(AT_NOW)) expectKpi(kpiOf(root, id), want);
    expect(kpiOf(root, 'line1_output').phasing).toBe('working_days');
    expect(kpiOf(root, 'line1_speed_avg').phasing).toBe('none');
    expect(kpiOf(root, 'line1_energy_per_unit').phasing).toBe('none');
  });

  it('now: objectives, perspectives and units roll up', async () => {
    const cards = cardsByUnit(await card());
    const line1 = cards.get('line1')!;
    expect(perspectiveOf(line1, 'operations').objectives[0]).toMatchObject({ id: 'line1_produce', status: 'at_risk' });
    expect(perspectiveOf(line1, 'operations').objectives[0].score).toBeCloseTo(NOW_L1_PRODUCE, 6);
    expect(line1.score).toBeCloseTo(NOW_L1_UNIT, 6);
    expect(line1.status).toBe('on_target');
    expect(cards.get('line2')!.score).toBeCloseTo(NOW_L2_UNIT, 6);
    const plant = cards.get('plant')!;
    expect(perspectiveOf(plant, 'operations').score).toBeCloseTo(NOW_PLANT_OPS, 6);
    expect(perspectiveOf(plant, 'operations').status).toBe('at_risk');
    expect(perspectiveOf(plant, 'efficiency').score).toBeCloseTo(NOW_PLANT_EFFICIENCY, 6);
    expect(plant.score).toBeCloseTo(NOW_PLANT, 6);
    expect(plant.status).toBe('on_target');
  });

  it('10 June 13:00 as known then, and as corrected since by the late 40 units', async () => {
    const then = await card(T1);
    expect(then.knownAt).toBe(iso(T1));
    for (const [id, want] of Object.entries(t1Kpis(960))) expectKpi(kpiOf(then, id), want);
    // the import ran on 12 June 09:00: known on 12 June 10:00, not on 12 June 08:00
    for (const [id, want] of Object.entries(t1Kpis(960)))
      expectKpi(kpiOf(await card(T1, CLI_IMPORT_CLOCK - 3_600_000), id), want);
    for (const [id, want] of Object.entries(t1Kpis(1000)))
      expectKpi(kpiOf(await card(T1, CLI_IMPORT_CLOCK + 3_600_000), id), want);
    const corrected = await card(T1, LATER);
    for (const [id, want] of Object.entries(t1Kpis(1000))) expectKpi(kpiOf(corrected, id), want);
  });

  it('6 June 13:00: nothing was known yet then; as known on 10 June, the gap is missing time', async () => {
    // everything was received on 10 June or later: as known on 6 June there is no data at all
    const then = await card(T2);
    for (const id of Object.keys(AT_T2))
      expect(kpiOf(then, id)).toMatchObject({ value: null, status: 'no_data', score: null });
    const known = await card(T2, PHASE_1_CLOCK + 3_600_000);
    for (const [id, want] of Object.entries(AT_T2)) expectKpi(kpiOf(known, id), want);
    const cards = cardsByUnit(known);
    expect(perspectiveOf(cards.get('line1')!, 'operations').score).toBeCloseTo(T2_L1_PRODUCE, 6);
    expect(cards.get('line1')!.score).toBeCloseTo(T2_L1_UNIT, 6);
    expect(perspectiveOf(cards.get('plant')!, 'operations').score).toBeCloseTo(T2_PLANT_OPS, 6);
    expect(cards.get('plant')!).toMatchObject({ status: 'at_risk' });
    expect(cards.get('plant')!.score).toBeCloseTo(T2_PLANT, 6);
  });

  describe('period-end projections', () => {
    // Every complete day is steady (line1 100 units, line2 50, energy 50 kWh; 1 May's energy has one step, 25),
    // so the projection is elapsed complete days (1-12 June; today is partial and left out) + 18 remaining days
    // (13-30 June) at the level. The units' backtests are exact. The energy series' first day (25) is an outlier no
    // candidate ignores exactly (ARIMA fitted as R's auto.arima reads it as noise about a mean of 49.4; the backtest
    // winner projects 49.99 a day), so the ratio holds to 1e-3, far inside what a daily ratio summed would give.
    beforeAll(async () => {
      await api.query('mutation { refreshForecasts }');
      await waitForForecasts(api, ['line1_output', 'line2_output', 'line1_energy_per_unit']);
    }, 60_000);

    it('cumulative KPIs: the running total to month end, judged against the full target', async () => {
      // line1: 12 x 100 + 18 x 100 = 3000 = the full target: on target at period end (to date: at risk)
      const line1 = await forecastOf(api, 'line1_output');
      expect(line1.periodEnd!.expected).toBeCloseTo(3000, 6);
      expect(line1.periodEnd!.target).toBe(3000);
      // points: the total at the end of each remaining day, 13 June = 1200 + 100 ... 30 June = 3000
      expect(line1.points).toHaveLength(18);
      expect(line1.points[0].mean).toBeCloseTo(1300, 6);
      expect(line1.points[17]).toMatchObject({ time: iso(at(7, 1)) });
      expect(line1.points[17].mean).toBeCloseTo(3000, 6);
      // line2: 12 x 50 + 18 x 50 = 1500
      expect((await forecastOf(api, 'line2_output')).periodEnd!.expected).toBeCloseTo(1500, 6);
    });

    it('the ratio: projected energy over projected units, not a daily ratio summed', async () => {
      // (12 x 50 + 18 x 50) / (12 x 100 + 18 x 100) = 1500 / 3000 = 0.5 (18 daily ratios summed would be 9)
      expect((await forecastOf(api, 'line1_energy_per_unit')).periodEnd!.expected).toBeCloseTo(0.5, 3);
    });

    it('the scorecard judges the projection against the full target; the plant adds its lines', async () => {
      const root = (await api.query<{ scorecard: Card }>(LIVE_SCORECARD)).scorecard;
      expect(kpiOf(root, 'line1_output').expected).toBeCloseTo(3000, 6);
      expect(kpiOf(root, 'line1_output').predictedStatus).toBe('on_target');
      // 3000 + 1500 = 4500 = the plant's full target
      expect(kpiOf(root, 'plant_output').expected).toBeCloseTo(4500, 6);
      expect(kpiOf(root, 'plant_output').predictedStatus).toBe('on_target');
    });
  });

  // The same numbers on screen, in Chromium (one database is enough: the page reads the API).
  if (options.dashboard) describe('in the dashboard (Chromium)', () => goldenDashboard(() => api));
}
