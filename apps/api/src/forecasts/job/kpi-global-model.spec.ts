import { trainGlobalWindowModel } from '@bsc/forecasting';
import { DAY_MS, type DailySeries } from '../series/daily-kpi-series';
import { KPI_GLOBAL_TRAINING, kpiWindowsPerSeries, trainKpiGlobalModel } from './kpi-global-model';

// the library's training, counted
jest.mock('@bsc/forecasting', () => {
  const actual = jest.requireActual<typeof import('@bsc/forecasting')>('@bsc/forecasting');
  return { ...actual, trainGlobalWindowModel: jest.fn(actual.trainGlobalWindowModel) };
});
const training = jest.mocked(trainGlobalWindowModel);

const TODAY = Date.UTC(2026, 10, 21);
/** `complete` days up to yesterday plus today's partial value (which training must leave out). */
const kpiHistories = (count: number, complete: number): Map<string, DailySeries> =>
  new Map(
    Array.from({ length: count }, (_, i) => [
      `kpi${i}`,
      {
        start: TODAY - complete * DAY_MS,
        values: Array.from({ length: complete + 1 }, (_, t) => (t === complete ? 1 : 100 + 10 * Math.sin((t + i) / 3))),
      },
    ]),
  );

describe(trainKpiGlobalModel.name, () => {
  it('trains nothing from a few KPIs, and says why', async () => {
    // daily, h = 14: input 28 days; the smallest network (4 units) has 29·4 + 5·4 + 5·14 = 206 parameters.
    // 1 KPI of 200 complete days: training part of 186 days, 186 − 14 − 28 + 1 = 145 windows, capped at 100
    expect(KPI_GLOBAL_TRAINING).toMatchObject({ m: 7, h: 14 });

    const sut = await trainKpiGlobalModel(kpiHistories(1, 200), TODAY);

    expect(sut.model).toBeUndefined();
    expect(sut.report).toMatchObject({ trained: false, series: 1, windows: 100, parameters: 206 });
    expect(sut.report.reason).toBe(
      "not trained: 100 training windows from 1 KPI series, fewer than the model's 206 parameters",
    );
  });

  it('trains on the KPI histories without their held-out days when they are enough (tiny network)', async () => {
    // 10 KPIs of 80 complete days (today's value left out): training parts of 66 days, 66 − 14 − 28 + 1 = 25
    // windows each: 250. Not 10 per parameter even for 4 units (2060), but ≥ 206: the narrowest network
    const sut = await trainKpiGlobalModel(kpiHistories(10, 80), TODAY, { maxEpochs: 2 });

    expect(sut.report).toMatchObject({
      trained: true,
      series: 10,
      windows: 250,
      parameters: 206,
      epochs: 2,
      stoppedBy: 'epochs',
    });
    expect(sut.report.trainMs).toBeGreaterThanOrEqual(0);
    expect(sut.report.reason).toMatch(/^trained 2 epochs on 250 windows from 10 KPI series in \d+ ms$/);
    expect(sut.model).toMatchObject({ m: 7, h: 14, inputLength: 28, windows: 250, hiddenUnits: 4 });
  }, 120_000);

  it('is reproducible: the same histories give the same network', async () => {
    const a = await trainKpiGlobalModel(kpiHistories(10, 80), TODAY, { hiddenUnits: 4, maxEpochs: 2 });
    const b = await trainKpiGlobalModel(kpiHistories(10, 80), TODAY, { hiddenUnits: 4, maxEpochs: 2 });
    expect(b.model!.members).toEqual(a.model!.members);
  }, 120_000);

  describe("with the previous run's model", () => {
    const options = { hiddenUnits: 4, maxEpochs: 2 };
    let previous: Awaited<ReturnType<typeof trainKpiGlobalModel>>;
    beforeAll(async () => {
      previous = await trainKpiGlobalModel(kpiHistories(10, 80), TODAY, options);
    }, 120_000);
    beforeEach(() => training.mockClear());

    it("keeps it while the complete days are the same (today's partial value is not training data)", async () => {
      const histories = kpiHistories(10, 80);
      for (const s of histories.values()) s.values[80] = 42;

      const sut = await trainKpiGlobalModel(histories, TODAY, options, previous);

      expect(training).not.toHaveBeenCalled();
      expect(sut.model).toBe(previous.model);
      expect(sut.key).toBe(previous.key);
      expect(sut.report).toMatchObject({ trained: true, kept: true, windows: 250, epochs: 2 });
      expect(sut.report.reason).toMatch(/^kept, training data unchanged \(trained 2 epochs on 250 windows/);
    });

    it('trains again on a corrected day or a new day, as a run without it does', async () => {
      const corrected = kpiHistories(10, 80);
      corrected.get('kpi3')!.values[10] += 1;
      // the next day: yesterday's partial value completed (100), today's partial 1; 81 complete days each
      const next = kpiHistories(10, 80);
      for (const s of next.values()) s.values.splice(80, 1, 100, 1);

      const a = await trainKpiGlobalModel(corrected, TODAY, options, previous);
      const b = await trainKpiGlobalModel(next, TODAY + DAY_MS, options, previous);

      expect(training).toHaveBeenCalledTimes(2);
      expect(a.report.kept).toBeUndefined();
      expect(a.key).not.toBe(previous.key);
      // 10 parts of 67 days: 67 − 14 − 28 + 1 = 26 windows each
      expect(b.report.windows).toBe(260);
      expect(a.model!.members).toEqual((await trainKpiGlobalModel(corrected, TODAY, options)).model!.members);
    }, 120_000);
  });
});

describe('the training windows of a large tenant', () => {
  it.each([
    [1, 100],
    [200, 100],
    [201, 99],
    [400, 50],
    [10_000, 2],
    [30_000, 1],
  ])('%d KPI series give their newest %d windows each (about 20,000 at most)', (series, perSeries) => {
    expect(kpiWindowsPerSeries(series)).toBe(perSeries);
  });

  it('1,000 KPIs of 80 days train on 20 windows of each, to the last epoch', async () => {
    // training parts of 66 days give 25 windows each; 20,000 / 1,000 = 20 of them are taken
    const sut = await trainKpiGlobalModel(kpiHistories(1_000, 80), TODAY, { hiddenUnits: 4, maxEpochs: 1 });

    expect(sut.report).toMatchObject({ trained: true, series: 1_000, windows: 20_000, stoppedBy: 'epochs' });
  }, 120_000);
});
