import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { FiscalCalendar } from '@bsc/kpi';
import { launchTestBrowser, type TestBrowser } from './chromium-browser';
import { startDashboardTestApp, type DashboardTestApp } from './dashboard-test-app';

jest.setTimeout(60_000);

const ZONE = 'Europe/Berlin';
const DAY_IN_ZONE = new Intl.DateTimeFormat('en-CA', { timeZone: ZONE });

/** The what-if panel's dates are days of the model's calendar, here Europe/Berlin, not of UTC. */
describe('Strategy map: what-if dates in the model time zone', () => {
  const modelDir = mkdtempSync(join(tmpdir(), 'bsc-dashboard-berlin-'));
  let sut: DashboardTestApp;
  let browser: TestBrowser;
  let page: Page;

  beforeAll(async () => {
    const demo = readFileSync('models/demo/acme-manufacturing.yaml', 'utf8');
    const berlin = demo.replace(/^(\s+timezone:) UTC$/m, `$1 ${ZONE}`);
    expect(berlin).not.toBe(demo);
    writeFileSync(join(modelDir, 'acme-berlin.yaml'), berlin);
    sut = await startDashboardTestApp({ MODEL_FILE: join(modelDir, 'acme-berlin.yaml') });
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
    rmSync(modelDir, { recursive: true, force: true });
  });

  it('a change until the first day of next quarter ends with this quarter in Berlin: next quarter does not move', async () => {
    const calendar = new FiscalCalendar(sut.activeModel.current().model.calendar);
    const quarter = calendar.periodOf(Date.now(), 'quarter');
    // e.g. Q4 2026 ends at 2027-01-01 00:00 Berlin = 2026-12-31T23:00Z; read as UTC midnight, the change would last
    // one hour into Q1 2027 and move it by 1,000,000 * 1 h / 2160 h = +463
    const until = DAY_IN_ZONE.format(new Date(quarter.end));
    const today = DAY_IN_ZONE.format(new Date());
    await page.getByRole('tab', { name: 'Strategy map' }).click();
    const panel = page.locator('.scenario-panel');
    await panel.waitFor();
    await panel.locator('#scenario-driver').selectOption('revenue');
    await panel.locator('#scenario-from').fill(today);
    await panel.locator('#scenario-until').fill(until);
    await panel.locator('#scenario-horizon').selectOption('2');
    await panel.locator('#scenario-number').fill('1000000');
    await panel.locator('#scenario-number').dispatchEvent('change');

    await panel.locator('tr[data-kpi-id="revenue"][data-periods-ahead="0"]').waitFor();
    expect(await panel.locator('tr[data-kpi-id="revenue"][data-periods-ahead="1"]').count()).toBe(0);
    expect(browser.problems).toEqual([]);
  });

  it.each([
    // Q2 begins at midnight CEST (UTC+2)
    ['2027-04-01', ZONE, '2027-03-31T22:00:00.000Z'],
    // the clocks go forward at 02:00: midnight is still CET (UTC+1)
    ['2027-03-28', ZONE, '2027-03-27T23:00:00.000Z'],
    // the clocks go back at 03:00: midnight is still CEST (UTC+2)
    ['2026-10-25', ZONE, '2026-10-24T22:00:00.000Z'],
    ['2027-01-01', 'UTC', '2027-01-01T00:00:00.000Z'],
    // west of UTC: midnight EST (UTC-5) is 05:00Z
    ['2027-01-01', 'America/New_York', '2027-01-01T05:00:00.000Z'],
  ])('%s begins in %s at %s', async (day, zone, instant) => {
    const begins = await page.evaluate<string>(
      `import('/dashboard/js/time-zone.js').then(({ startOfDay }) => new Date(startOfDay('${day}', '${zone}')).toISOString())`,
    );
    expect(begins).toBe(instant);
  });
});
