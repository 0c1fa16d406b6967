import { dashboardInChromium } from './dashboard-test-app';

jest.setTimeout(60_000);

interface Bar {
  label: string;
  start: number;
  end: number;
  kind: string;
}

/** The page's own modules run in Chromium: the figures a reader sees, worked out by hand. */
describe('Dashboard figures (js/format.js, js/attribution-waterfall.js, js/forecast-chart.js, js/data-sources-view.js) in Chromium', () => {
  const ui = dashboardInChromium({ noProblemsAfterEach: true });
  beforeAll(async () => {
    // the modules and uPlot load on the sign-in page already
    await ui.page.goto(ui.sut.origin);
    await ui.page.waitForFunction('Boolean(window.uPlot)');
  });

  // strings, so the test transpiler leaves the browser's dynamic import() alone
  const formatNumber = (value: number): Promise<string> =>
    ui.page.evaluate<string>(`import('/dashboard/js/format.js').then(({ formatNumber }) => formatNumber(${value}))`);

  it.each([
    // 999,950 is 0.99995 M: three significant digits round it to 1.00 M, not to 1,000 k
    [999_950, '1 M'],
    [-999_950, '-1 M'],
    // 999,950,000 is 0.99995 bn
    [999_950_000, '1 bn'],
    // below the rounding edge the smaller unit stays
    [999_400, '999 k'],
    [12_345_678, '12.3 M'],
  ])('writes %d as %s', async (value, text) => {
    expect(await formatNumber(value)).toBe(text);
  });

  const formatShare = (share: number): Promise<string> =>
    ui.page.evaluate<string>(`import('/dashboard/js/format.js').then(({ formatShare }) => formatShare(${share}))`);

  it.each([
    [0.874, '87.4 %'],
    [1, '100 %'],
    [0, '0 %'],
    // 0.9996 is 99.96 %: one decimal would round it to "100 %", a certainty it is not (a coverage badge beside it
    // says some input is missing)
    [0.9996, '> 99.9 %'],
    // 0.0004 is 0.04 %: not "0 %", an impossibility it is not
    [0.0004, '< 0.1 %'],
    [0.9994, '99.9 %'],
  ])('writes the share %d as %s', async (share, text) => {
    expect(await formatShare(share)).toBe(text);
  });

  it('walks the waterfall from the earlier value to the later one, a formula change included', async () => {
    // from 100 to 125: input a +30, input b -10 (parts split the earlier formula), the formula change +5;
    // 100 + 30 - 10 + 5 = 125 = to.value, so the last floating bar ends where the later total does
    const attribution = {
      from: { periodKey: '2026-Q1', value: 100 },
      to: { periodKey: '2026-Q2', value: 125 },
      change: 25,
      modelChange: 5,
      parts: [
        { term: 'a', contribution: 30, parts: [] },
        { term: 'b', contribution: -10, parts: [] },
      ],
    };
    const bars = await ui.page.evaluate<Bar[]>(
      `import('/dashboard/js/attribution-waterfall.js').then(({ waterfallBars }) => waterfallBars(${JSON.stringify(attribution)}))`,
    );

    expect(bars.map(({ label, start, end, kind }) => ({ label, start, end, kind }))).toEqual([
      { label: '2026-Q1', start: 0, end: 100, kind: 'total' },
      { label: 'a', start: 100, end: 130, kind: 'up' },
      { label: 'b', start: 130, end: 120, kind: 'down' },
      { label: 'formula change', start: 120, end: 125, kind: 'up' },
      { label: '2026-Q2', start: 0, end: 125, kind: 'total' },
    ]);
  });

  it.each([
    // 12,345 ms = 12.345 s, three significant digits: "12.3 s", not "12.3 k ms"
    [12_345, '12.3 s'],
    // 95,000 ms = 1.583 min: "1.58 min"
    [95_000, '1.58 min'],
    // under a second it stays in ms
    [340, '340 ms'],
  ])("writes a connector's lag of %d ms as %s", async (lagMs, text) => {
    const lag = await ui.page
      .evaluate<string>(`import('/dashboard/js/data-sources-view.js').then(({ DataSourcesView }) => {
      const root = document.body.appendChild(document.createElement('div'));
      const connector = { id: 'mqtt', kind: 'mqtt', healthy: true, state: 'connected', since: null, samplesPerSecond: 1,
        samplesTotal: 3, lastSampleAt: null, lagMs: ${lagMs}, reconnects: 0, detail: null };
      new DataSourcesView(root, { request: null, onError: null })
        .render({ reporting: true, reportedAt: null, connectors: [connector], pipeline: null, deadLetters: [] });
      // the Lag column: the sixth td after the row's th
      const text = root.querySelector('tr[data-connector-id="mqtt"] td:nth-of-type(6)')?.textContent ?? null;
      root.remove();
      return text;
    })`);

    expect(lag).toBe(text);
  });

  it("writes the chart's probability of meeting target as the drawer does (87.5 %, not 88 %)", async () => {
    // probability 0.875 = 87.5 %: the facts beside the chart say "87.5 %", so must the chart's label
    const label = await ui.page
      .evaluate<string>(`import('/dashboard/js/forecast-chart.js').then(({ drawForecastChart, forecastChartHost }) => {
      const host = document.body.appendChild(forecastChartHost('probe'));
      const day = 86400000, t0 = Date.UTC(2026, 0, 1);
      drawForecastChart(host, {
        history: [{ time: t0, value: 90, label: 'P1' }, { time: t0 + day, value: 95, label: 'P2' }],
        forecast: [{ time: t0 + 2 * day, mean: 100, lower80: 98, upper80: 102, lower95: 96, upper95: 104 }],
        target: 101,
        periodEnd: { time: t0 + 2 * day, expected: 100, lower80: 98, upper80: 102, probability: 0.875 },
        now: t0 + day,
      }, { width: 600 });
      const text = host.querySelector('.period-end-label').textContent;
      host.remove();
      return text;
    })`);

    expect(label).toBe('period end 100 · 87.5 % to meet target');
  });

  it("writes a link's p-value in its tooltip as its label does (p <0.001, not p 0.000)", async () => {
    // p = 0.0004 rounds to 0.000 at three decimals, a certainty the test does not give: the label writes "<0.001"
    const texts = await ui.page.evaluate<{
      label: string;
      title: string;
    }>(`import('/dashboard/js/strategy-map-view.js').then(({ renderStrategyMap }) => {
      const root = document.body.appendChild(document.createElement('div'));
      const objectives = [
        { id: 'a', name: 'Skills', perspective: 'learning', unit: 'u', kpis: [] },
        { id: 'b', name: 'Quality', perspective: 'process', unit: 'u', kpis: [] },
      ];
      const link = { from: 'a', to: 'b', polarity: 'positive', hypothesis: null, hypothesisedLag: '90d', hypothesisedLagMs: 7776000000,
        measuredLagMs: 7257600000, strength: 0.8, pValue: 0.0004, significant: true, points: 24 };
      renderStrategyMap(root, {
        map: { objectives, links: [link] },
        perspectives: [{ id: 'process', name: 'Internal Process' }, { id: 'learning', name: 'Learning & Growth' }],
        statusByObjective: new Map(),
      });
      const texts = { label: root.querySelector('.link-label text').textContent, title: root.querySelector('path.link title').textContent };
      root.remove();
      return texts;
    })`);

    // 7,257,600,000 ms = 84 d
    expect(texts.label).toBe('90d hyp · meas 84 d r=0.80 p=<0.001 ✓');
    expect(texts.title.split('\n')).toContain('measured lag 84 d, strength 0.80, p <0.001, 24 paired points');
  });
});
