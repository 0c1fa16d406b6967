import type { Page } from 'playwright-core';
import { launchTestBrowser, type TestBrowser } from './chromium-browser';
import { startDashboardTestApp, type DashboardTestApp } from './dashboard-test-app';

jest.setTimeout(90_000);

const SCORECARD_QUERY = /query Scorecard\b/;

describe('Dashboard in Chromium: API errors', () => {
  let sut: DashboardTestApp;
  let browser: TestBrowser;
  let viewerKey: string;

  beforeAll(async () => {
    sut = await startDashboardTestApp();
    browser = await launchTestBrowser();
    viewerKey = await sut.issueKey('viewer');
  });
  afterAll(async () => {
    await browser?.close();
    await sut?.close();
  });

  /** Each test signs in afresh: the credential another test's page kept is forgotten. */
  const signIn = async (page: Page): Promise<void> => {
    await page.addInitScript('window.localStorage.clear()');
    await page.goto(sut.origin);
    await page.getByLabel('API key or JWT').fill(viewerKey);
    await page.getByRole('button', { name: 'Sign in' }).click();
  };

  it('says why in place of the scorecard when the API answers the scorecard with an error', async () => {
    const page = await browser.newPage();
    await page.route('**/graphql', (route) =>
      SCORECARD_QUERY.test(route.request().postData() ?? '')
        ? route.fulfill({
            contentType: 'application/json',
            body: JSON.stringify({
              data: null,
              errors: [
                { message: 'The scorecard store is unavailable', extensions: { code: 'INTERNAL_SERVER_ERROR' } },
              ],
            }),
          })
        : route.continue(),
    );
    await signIn(page);

    // not "Loading the scorecard…" for ever, nor an empty page once the notice fades
    const panel = page.locator('#scorecard .error-panel');
    await panel.waitFor();
    expect(await panel.textContent()).toContain('The scorecard store is unavailable');
    await page.close();
  });

  it("does not leave the previous unit's scorecard under the newly chosen unit when that unit's fails", async () => {
    const page = await browser.newPage();
    await signIn(page);
    await page.locator('.perspective').first().waitFor();
    await page.route('**/graphql', (route) =>
      SCORECARD_QUERY.test(route.request().postData() ?? '')
        ? route.fulfill({
            contentType: 'application/json',
            body: JSON.stringify({ data: null, errors: [{ message: 'Plant North is being re-modelled' }] }),
          })
        : route.continue(),
    );
    await page.locator('#unit-select').selectOption('plant-north');

    const panel = page.locator('#scorecard .error-panel');
    await panel.waitFor();
    expect(await panel.textContent()).toContain('Plant North is being re-modelled');
    expect(await page.locator('#scorecard .summary h1').count()).toBe(0);
    await page.close();
  });

  afterEach(() => {
    expect(browser.problems).toEqual([]);
  });
});
