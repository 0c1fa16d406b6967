import type { Page } from 'playwright-core';
import { AnomalyRepository } from '@bsc/persistence';
import { launchTestBrowser, type TestBrowser } from './chromium-browser';
import { signIn, startDashboardTestApp, type DashboardTestApp } from './dashboard-test-app';

jest.setTimeout(60_000);

const DAY = 86_400_000;

describe('KPI drawer chart: anomaly marks in Chromium', () => {
  let sut: DashboardTestApp;
  let browser: TestBrowser;
  let page: Page;

  beforeAll(async () => {
    sut = await startDashboardTestApp();
    browser = await launchTestBrowser();
    page = await browser.newPage();
  });
  afterAll(async () => {
    await browser?.close();
    await sut?.close();
  });

  it('tells an anomaly found in planned downtime (expected, no alert) from one that raised an alert', async () => {
    const anomaly = (ts: number, planned: boolean) => ({
      kind: 'kpi_interval' as const,
      kpiId: 'oee_group',
      signalId: null,
      unitId: 'acme',
      ts,
      score: 0.47,
      value: 70,
      expected: 76,
      lower: 72,
      upper: 80,
      periodKey: null,
      detectedAt: ts,
      ...(planned ? { planned: true } : {}),
    });
    const now = Date.now();
    await sut.app.get(AnomalyRepository).record([anomaly(now - 3 * DAY, false), anomaly(now - 2 * DAY, true)]);
    await signIn(page, sut, 'viewer');
    await page.locator('tr[data-kpi-id="oee_group"] th button').click();

    const marks = page.locator('#kpi-drawer .forecast-chart .anomaly-mark');
    await marks.first().waitFor();
    expect(await marks.count()).toBe(2);
    const titles = await Promise.all((await marks.all()).map((m) => m.getAttribute('title')));
    expect(titles[0]).toMatch(/^Anomaly: outside the 95 % band, score 0\.47/);
    expect(titles[1]).toMatch(
      /^Anomaly in planned downtime \(expected, no alert\): outside the 95 % band, score 0\.47/,
    );
    expect(await marks.nth(1).getAttribute('class')).toContain('planned');
    expect(await marks.nth(0).getAttribute('class')).not.toContain('planned');
    expect(browser.problems).toEqual([]);
  });
});
