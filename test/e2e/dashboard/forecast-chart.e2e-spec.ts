import { dashboardInChromium } from './dashboard-test-app';

jest.setTimeout(60_000);

interface Columns {
  xs: number[];
  series: Array<{ label: string; values: Array<number | null> }>;
  yRange: [number, number];
}

describe('KPI chart columns (js/forecast-chart.js) in Chromium', () => {
  const ui = dashboardInChromium({ noProblemsAfterEach: true });
  beforeAll(async () => {
    // the modules load on the sign-in page already
    await ui.page.goto(ui.sut.origin);
  });

  // a string, so the test transpiler leaves the browser's dynamic import() alone
  const columns = (spec: unknown): Promise<Columns | null> =>
    ui.page.evaluate<Columns | null>(`import('/dashboard/js/forecast-chart.js').then(({ forecastColumns }) => {
      const c = forecastColumns(${JSON.stringify(spec)});
      return c && { xs: c.xs, series: c.series, yRange: c.yRange };
    })`);

  it('puts every series on one x column, the forecast leaving from the last history point', async () => {
    const c = await columns({
      history: [
        { time: 1_000, value: 1, label: 'P1' },
        { time: 2_000, value: 2, label: 'P2' },
      ],
      forecast: [{ time: 3_000, mean: 3, lower80: 2.5, upper80: 3.5, lower95: 2, upper95: 4 }],
      target: 5,
      targetLabel: 'period target',
      targetPath: [
        { time: 1_000, value: 0 },
        { time: 3_000, value: 5 },
      ],
      periodEnd: { time: 3_000, expected: 3, lower80: 2.5, upper80: 3.5 },
    });

    // milliseconds become uPlot's seconds
    expect(c?.xs).toEqual([1, 2, 3]);
    expect(Object.fromEntries(c?.series.map((s) => [s.label, s.values]) ?? [])).toEqual({
      history: [1, 2, null],
      forecast: [null, 2, 3],
      lower95: [null, null, 2],
      upper95: [null, null, 4],
      lower80: [null, null, 2.5],
      upper80: [null, null, 3.5],
      'period target': [5, 5, 5],
      'planned to date': [0, null, 5],
      'period end': [null, null, 3],
    });
    // values 0..5 with an 8 % margin of the span: 0 - 0.4, 5 + 0.4
    expect(c?.yRange[0]).toBeCloseTo(-0.4, 10);
    expect(c?.yRange[1]).toBeCloseTo(5.4, 10);
  });

  it("keeps the period end's 80 % whisker inside the scale and draws nothing without points", async () => {
    const c = await columns({
      history: [{ time: 1_000, value: 10, label: 'P1' }],
      forecast: [],
      target: null,
      periodEnd: { time: 2_000, expected: 10, lower80: 6, upper80: 14 },
    });

    expect(c?.series.map((s) => s.label)).toEqual(['history', 'period end']);
    // 6..14 spans 8: a margin of 0.64 each side
    expect(c?.yRange[0]).toBeCloseTo(5.36, 10);
    expect(c?.yRange[1]).toBeCloseTo(14.64, 10);
    expect(await columns({ history: [{ time: 1_000, value: null }], forecast: [], target: 3 })).toBeNull();
  });
});
