import type { Page } from 'playwright-core';
import { FiscalCalendar } from '@bsc/kpi';
import { dashboardInChromium, signIn } from './dashboard-test-app';

jest.setTimeout(60_000);

const DAY = 86_400_000;
const trend = (page: Page, kpiId: string) => page.locator(`tr[data-kpi-id="${kpiId}"] [data-cell=trend] svg`);

/** Quarters ending 270, 180 and 90 days ago, and the running one (ending in 30 days) with its value to date. */
function quarters(values: number[]): Array<{ periodKey: string; start: string; end: string; value: number }> {
  const now = Date.now();
  return values.map((value, i) => {
    const end = now + 30 * DAY - (values.length - 1 - i) * 90 * DAY;
    const iso = (t: number) => new Date(t).toISOString();
    return { periodKey: `2026-Q${i + 1}`, start: iso(end - 90 * DAY), end: iso(end), value };
  });
}

/**
 * The Trend cell's last period is still running: its value is one to date. A running total (revenue in a quarter
 * under way) is short of a whole quarter's until the quarter ends and is left out; an average so far is drawn apart.
 */
describe('Dashboard trends: the running period', () => {
  let sparklines: { kpis: { nodes: Array<{ id: string; history: Array<{ end: string }> }> } };

  const ui = dashboardInChromium({ noProblemsAfterEach: true });
  beforeAll(async () => {
    const asked = ui.page.waitForResponse((r) => /query Sparklines\b/.test(r.request().postData() ?? ''));
    await signIn(ui.page, ui.sut, 'viewer');
    sparklines = ((await (await asked).json()) as { data: typeof sparklines }).data;
  });

  it("draws the API's complete periods of a running total, and not its running one", async () => {
    const history = sparklines.kpis.nodes.find((k) => k.id === 'revenue')?.history ?? [];
    const ended = history.filter((p) => Date.parse(p.end) <= Date.now()).length;
    // the seeded quarters: the running one (to date) and those before it
    expect(history.length - ended).toBe(1);
    const line = trend(ui.page, 'revenue').locator('polyline.spark-line');
    await line.waitFor();
    expect((await line.getAttribute('points'))?.split(' ')).toHaveLength(ended);
  });

  it('ends at the day travelled to, with the history as corrected since when asked', async () => {
    const calendar = new FiscalCalendar(ui.sut.activeModel.current().model.calendar);
    const quarter = calendar.periodOf(Date.now(), 'quarter');
    // the demo model is UTC: the day before this quarter, whose end (the last ms) is 1 ms before the quarter starts,
    // so the quarter before it is complete then and this one has not begun
    const day = new Date(quarter.start - DAY).toISOString().slice(0, 10);
    const asOf = new Date(quarter.start - 1).toISOString();
    await ui.page.locator('#as-of').fill(day);
    await ui.page.locator('[data-testid=known-at]', { hasText: 'as known then' }).waitFor();
    const asked = ui.page.waitForResponse((r) => /query Sparklines\b/.test(r.request().postData() ?? ''));
    await ui.page.locator('#as-corrected').check();
    const response = await asked;
    const { variables } = response.request().postDataJSON() as { variables: { to: string; knownAt: string } };
    expect(variables.to).toBe(asOf);
    expect(Date.parse(variables.knownAt)).toBeGreaterThan(Date.parse(asOf));

    const { data } = (await response.json()) as { data: typeof sparklines };
    const history = data.kpis.nodes.find((k) => k.id === 'revenue')?.history ?? [];
    // every quarter read ends by the quarter's start: all complete then, all drawn
    expect(history.length).toBeGreaterThan(1);
    expect(history.every((p) => Date.parse(p.end) <= quarter.start)).toBe(true);
    const revenue = trend(ui.page, 'revenue');
    await revenue.locator(`title:text-is("Last ${history.length} periods")`).waitFor({ state: 'attached' });
    expect((await revenue.locator('polyline.spark-line').getAttribute('points'))?.split(' ')).toHaveLength(
      history.length,
    );

    await ui.page.locator('#as-corrected').uncheck();
    await ui.page.locator('#as-of').fill('');
    await ui.page.locator('[data-testid=known-at]').waitFor({ state: 'detached' });
  });

  it('leaves a running total out of the line, and draws an average to date apart', async () => {
    await ui.page.route('**/graphql', (route) =>
      /query Sparklines\b/.test(route.request().postData() ?? '')
        ? route.fulfill({
            json: {
              data: {
                kpis: {
                  nodes: [
                    { id: 'revenue', accumulation: 'cumulative', history: quarters([10e6, 11e6, 12e6, 4e6]) },
                    { id: 'oee_group', accumulation: 'level', history: quarters([80, 84, 82, 78]) },
                  ],
                },
              },
            },
          })
        : route.continue(),
    );
    // the key kept at sign-in signs the page in again
    await ui.page.reload();

    // revenue: Q1-Q3 only, on x 2..93 (96 px wide, 2 and 3 px in) and y 21..3 (24 high) over 10 M..12 M:
    // 10 M at (2, 21), 11 M at (47.5, 12), 12 M at (93, 3); Q4's 4 M to date would have stretched the scale
    // down to 4 M and put Q1's 10 M at y = 21 - 6/8 * 18 = 7.5, reading as a fall into Q4
    const revenue = trend(ui.page, 'revenue');
    await revenue.waitFor();
    expect(await revenue.locator('polyline.spark-line').getAttribute('points')).toBe('2.0,21.0 47.5,12.0 93.0,3.0');
    expect(await revenue.locator('polyline.spark-to-date').count()).toBe(0);
    expect(await revenue.getAttribute('aria-label')).toBe(
      'Last 3 complete periods; 2026-Q4 to date is left out (a running total)',
    );
    expect(await revenue.locator('title').textContent()).toBe(await revenue.getAttribute('aria-label'));

    // OEE: all four on x 2, 32.3, 62.7, 93 and y over 78..84: 80 at 21 - 2/6 * 18 = 15, 84 at 3, 82 at 9, 78 at 21;
    // the step into Q4 (to date) dashed, to a hollow dot
    const oee = trend(ui.page, 'oee_group');
    expect(await oee.locator('polyline.spark-line').getAttribute('points')).toBe('2.0,15.0 32.3,3.0 62.7,9.0');
    expect(await oee.locator('polyline.spark-to-date').getAttribute('points')).toBe('62.7,9.0 93.0,21.0');
    expect(await oee.locator('circle.spark-dot.to-date').getAttribute('cx')).toBe('93.0');
    expect(await oee.getAttribute('aria-label')).toBe('Last 4 periods; 2026-Q4 to date');
  });

  it("names the running period's point on the KPI chart as to date", async () => {
    const quarter = new FiscalCalendar(ui.sut.activeModel.current().model.calendar).periodOf(Date.now(), 'quarter');
    await ui.page.locator('tr[data-kpi-id="revenue"] th button').click();
    const chart = ui.page.locator('#kpi-drawer .forecast-chart[data-chart=drawn]');
    await chart.waitFor();
    // the cursor on the history's last point: the running quarter, its value so far
    await ui.page.evaluate(`import('/dashboard/js/uplot-chart.js').then(({ chartOf }) => {
      const u = chartOf(document.querySelector('#kpi-drawer .forecast-chart'));
      const i = u.data[1].findLastIndex((v) => v !== null);
      u.setCursor({ left: u.valToPos(u.data[0][i], 'x'), top: 10 });
    })`);
    const readout = await chart.locator('.chart-readout').textContent();
    // e.g. "2026-Q4 to date · history 8.46 M · …", where a closed quarter reads "2026-Q3 · history …"
    expect(readout).toMatch(new RegExp(`^${quarter.key} to date · history `));
    await ui.page.locator('#kpi-drawer .close').click();
  });
});
