import type { Page } from 'playwright-core';
import { launchTestBrowser, type TestBrowser } from '../e2e/dashboard/chromium-browser';
import { probeForecastChart } from '../e2e/dashboard/forecast-chart-probe';
import { API_CLOCK } from './golden-samples';
import { waitForForecasts } from './support/golden-forecasts';
import type { GoldenApi } from './support/golden-platform';

const row = (page: Page, kpiId: string) => page.locator(`tr[data-kpi-id="${kpiId}"]`);
const cell = async (page: Page, kpiId: string, name: string) =>
  (await row(page, kpiId).locator(`[data-cell=${name}]`).textContent())?.trim();

/**
 * The golden scenario's numbers as the dashboard shows them (see golden-expectations.ts for the arithmetic): numbers
 * from 1,000 with separators and no decimals, below 1,000 three significant digits, scores with one decimal.
 */
export function goldenDashboard(apiOf: () => GoldenApi): void {
  let browser: TestBrowser;
  let page: Page;

  beforeAll(async () => {
    const api = apiOf();
    await api.query('mutation { refreshForecasts }');
    await waitForForecasts(api, ['line1_output', 'line2_output', 'line1_energy_per_unit']);
    browser = await launchTestBrowser();
    page = await browser.newPage();
    // the page's own clock (charts, history ranges) reads the scenario's time too
    await page.clock.install({ time: API_CLOCK });
    await page.clock.resume();
    await page.goto(api.url);
    await page.getByLabel('API key or JWT').fill(api.apiKey);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.locator('.perspective').first().waitFor();
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
  });

  afterEach(() => {
    expect(browser.problems).toEqual([]);
  });

  const noNullText = async () => expect(await page.locator('body').innerText()).not.toMatch(/\bnull\b|NaN|undefined/);

  it('the plant: its output to date against planned to date, the projection against the full target', async () => {
    await page.locator('#unit-select').selectOption('plant');
    await row(page, 'plant_output').waitFor();
    // 1260 + 650 = 1910 units to date; 4500 x 10/22 = 2045.45 planned to date; 6.69 at risk
    expect(await cell(page, 'plant_output', 'value')).toBe('1,910 units');
    expect(await cell(page, 'plant_output', 'target')).toBe('2,045 units');
    expect(await row(page, 'plant_output').textContent()).toContain('planned to date of 4,500 units');
    expect(await cell(page, 'plant_output', 'status')).toBe('At risk');
    expect(await cell(page, 'plant_output', 'score')).toBe('6.7');
    // 3000 + 1500 projected at month end = the full target
    await row(page, 'plant_output').locator('.projection').waitFor();
    expect(await row(page, 'plant_output').locator('.projection').textContent()).toBe(
      'projected 4,500 vs 4,500 target',
    );
    // the plant's overall score (3 x 7.2530 + 8.4127) / 4 = 7.543
    expect(await page.getByTestId('overall-score').textContent()).toBe('7.5');
    await noNullText();
  });

  it("line 1: every KPI's value, target, status and score", async () => {
    await page.locator('#unit-select').selectOption('line1');
    await row(page, 'line1_output').waitFor();
    // 1260 units to date against 3000 x 10/22 = 1363.64 planned; score 6.2 at risk
    expect(await cell(page, 'line1_output', 'value')).toBe('1,260 units');
    expect(await cell(page, 'line1_output', 'target')).toBe('1,364 units');
    expect([await cell(page, 'line1_output', 'status'), await cell(page, 'line1_output', 'score')]).toEqual([
      'At risk',
      '6.2',
    ]);
    // 25260/284 = 88.94 against 90, score 9.41
    expect([await cell(page, 'line1_speed_avg', 'value'), await cell(page, 'line1_speed_avg', 'target')]).toEqual([
      '88.9 units/min',
      '90 units/min',
    ]);
    expect([await cell(page, 'line1_speed_avg', 'status'), await cell(page, 'line1_speed_avg', 'score')]).toEqual([
      'On target',
      '9.4',
    ]);
    // the last second: 30 against 40, score 7.5
    expect([await cell(page, 'line1_speed_now', 'value'), await cell(page, 'line1_speed_now', 'score')]).toEqual([
      '30 units/min',
      '7.5',
    ]);
    // 650/1260 = 0.5159 against 0.5, score 8.41
    expect([
      await cell(page, 'line1_energy_per_unit', 'value'),
      await cell(page, 'line1_energy_per_unit', 'score'),
    ]).toEqual(['0.516 kWh/unit', '8.4']);
    // (3 x 7.3283 + 8.4127) / 4 = 7.599
    expect(await page.getByTestId('overall-score').textContent()).toBe('7.6');
    await noNullText();
  });

  it("line 1's output chart: history, planned path and cone in one scale, ending at the projection", async () => {
    await row(page, 'line1_output').getByRole('button', { name: 'Line 1 good units' }).click();
    const drawer = page.getByRole('dialog', { name: 'Line 1 good units' });
    const chart = drawer.locator('.forecast-chart[data-chart=drawn]');
    await chart.waitFor();
    const sut = await probeForecastChart(chart);
    // 12 x 100 + 18 x 100 = 3000 at month end
    expect(sut.labels['period-end-label']).toMatch(/^period end 3,000 /);
    expect(sut.series['planned to date'].filter((v) => v !== null).length).toBeGreaterThanOrEqual(2);
    // the cone leaves from the last history point and ends on the period-end marker, on the drawn scales
    expect([sut.first.forecast.t, sut.first.forecast.value]).toEqual([sut.last.history.t, sut.last.history.value]);
    // (the forecast's last point is the period's end, the marker its last millisecond)
    expect(Math.abs(sut.last.forecast.t - sut.last['period end'].t)).toBeLessThanOrEqual(0.001);
    expect(sut.last.forecast.value).toBeCloseTo(sut.last['period end'].value, 0);
    expect(Math.abs(sut.last.forecast.x - sut.last['period end'].x)).toBeLessThan(1);
    expect(Math.abs(sut.last.forecast.y - sut.last['period end'].y)).toBeLessThan(1);
    await noNullText();
    await page.keyboard.press('Escape');
  });
}
