import type { Page } from 'playwright-core';
import { launchTestBrowser, type TestBrowser } from './chromium-browser';
import { startDashboardTestApp, type DashboardTestApp } from './dashboard-test-app';

jest.setTimeout(60_000);

describe('Strategy map: what-if panel', () => {
  let sut: DashboardTestApp;
  let browser: TestBrowser;
  let page: Page;

  beforeAll(async () => {
    sut = await startDashboardTestApp();
    browser = await launchTestBrowser();
    page = await browser.newPage();
    await page.goto(sut.origin);
    await page.getByLabel('API key or JWT').fill(await sut.issueKey('viewer'));
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.locator('.perspective').first().waitFor();
  });
  afterAll(async () => {
    await browser?.close();
    await sut?.close();
  });

  it('runs the scenario picked on the map and shows the driven KPI moving with its probability', async () => {
    await page.getByRole('tab', { name: 'Strategy map' }).click();
    const panel = page.locator('.scenario-panel');
    await panel.waitFor();
    await panel.locator('#scenario-driver').selectOption('oee_line2');
    await panel.locator('#scenario-number').fill('5');
    await panel.locator('#scenario-number').dispatchEvent('change');

    const row = panel.locator('tr[data-kpi-id="oee_line2"]');
    await row.waitFor();
    // +5 points from next Monday: a positive exact effect (the share of the month after it), no link effect
    expect(await row.locator('[data-cell=exact]').textContent()).toMatch(/^\+\d/);
    expect(await row.locator('[data-cell=probability]').textContent()).toMatch(/ % → [\d.]+ %$/);
    expect(await row.textContent()).toContain('exact: oee_line2');
    expect(browser.problems).toEqual([]);
  });
});
