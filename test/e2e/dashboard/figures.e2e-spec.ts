import type { Page } from 'playwright-core';
import { launchTestBrowser, type TestBrowser } from './chromium-browser';
import { startDashboardTestApp, type DashboardTestApp } from './dashboard-test-app';

jest.setTimeout(60_000);

/** The page's own modules run in Chromium: the figures a reader sees, worked out by hand. */
describe('Dashboard figures (js/format.js) in Chromium', () => {
  let sut: DashboardTestApp;
  let browser: TestBrowser;
  let page: Page;

  beforeAll(async () => {
    sut = await startDashboardTestApp();
    browser = await launchTestBrowser();
    page = await browser.newPage();
    // the modules and uPlot load on the sign-in page already
    await page.goto(sut.origin);
    await page.waitForFunction('Boolean(window.uPlot)');
  });
  afterAll(async () => {
    await browser?.close();
    await sut?.close();
  });
  afterEach(() => {
    expect(browser.problems).toEqual([]);
  });

  // strings, so the test transpiler leaves the browser's dynamic import() alone
  const formatNumber = (value: number): Promise<string> =>
    page.evaluate<string>(`import('/dashboard/js/format.js').then(({ formatNumber }) => formatNumber(${value}))`);

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
});
