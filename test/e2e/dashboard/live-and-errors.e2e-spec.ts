import type { Page, WebSocketRoute } from 'playwright-core';
import { dashboardInChromium } from './dashboard-test-app';

jest.setTimeout(90_000);

const SCORECARD_QUERY = /query Scorecard\b/;
// a close code graphql-ws retries after (service restart)
const SERVICE_RESTART = 1012;

const kpiValue = (page: Page, kpiId: string) => page.locator(`tr[data-kpi-id="${kpiId}"] [data-cell=value]`);

/** The live connection through a gate the test opens and shuts: what the page misses while it is shut. */
class LiveGate {
  private current: WebSocketRoute | null = null;
  private shut = false;
  private waiting: Array<() => void> = [];

  async install(page: Page): Promise<void> {
    await page.routeWebSocket('**/graphql', (ws) => {
      if (!this.shut) return this.pass(ws);
      this.waiting.push(() => this.pass(ws));
      return undefined;
    });
  }

  /** Drops the open connection and keeps the next ones waiting until open(). */
  async shutAndDrop(): Promise<void> {
    this.shut = true;
    await this.current?.close({ code: SERVICE_RESTART, reason: 'restart' });
  }

  open(): void {
    this.shut = false;
    for (const pass of this.waiting.splice(0)) pass();
  }

  private pass(ws: WebSocketRoute): void {
    this.current = ws;
    // forwarded both ways unchanged
    ws.connectToServer();
  }
}

describe('Dashboard in Chromium: API errors and the live connection', () => {
  let viewerKey: string;

  // each test opens its own pages
  const ui = dashboardInChromium({ noProblemsAfterEach: true });
  beforeAll(async () => {
    viewerKey = await ui.sut.issueKey('viewer');
  });

  /** Each test signs in afresh: the credential another test's page kept is forgotten. */
  const signIn = async (page: Page): Promise<void> => {
    await page.addInitScript('window.localStorage.clear()');
    await page.goto(ui.sut.origin);
    await page.getByLabel('API key or JWT').fill(viewerKey);
    await page.getByRole('button', { name: 'Sign in' }).click();
  };

  it('says why in place of the scorecard when the API answers the scorecard with an error', async () => {
    const page = await ui.browser.newPage();
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
    const page = await ui.browser.newPage();
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

  it('shows what the API did answer when one field of it failed, and says which', async () => {
    const page = await ui.browser.newPage();
    // the forecast store fails: GraphQL nulls kpi.forecast and names it in errors, the rest of the KPI is there
    await page.route('**/graphql', async (route) => {
      if (!/query KpiDetail\b/.test(route.request().postData() ?? '')) return route.continue();
      const response = await route.fetch();
      const body = (await response.json()) as { data: { kpi: Record<string, unknown> } };
      body.data.kpi.forecast = null;
      const errors = [{ message: 'The forecast store is unavailable', path: ['kpi', 'forecast'] }];
      return route.fulfill({ response, json: { ...body, errors } });
    });
    await signIn(page);
    await page.locator('tr[data-kpi-id="oee_group"]').getByRole('button', { name: 'OEE' }).first().click();

    const drawer = page.locator('#kpi-drawer');
    await drawer.locator('.facts').first().waitFor();
    expect(await drawer.isVisible()).toBe(true);
    expect(await drawer.locator('.facts').first().textContent()).toMatch(/Value\d+(\.\d+)? %/);
    await page.locator('#notice', { hasText: 'The forecast store is unavailable' }).waitFor();
    // unknown is not none: the KPI may have a forecast that could not be read
    const text = await drawer.textContent();
    expect(text).toContain('The forecast could not be read');
    expect(text).not.toContain('No forecast yet');
    await page.close();
  });

  it("keeps the unit picker's statuses to the scorecard's latest answer", async () => {
    const page = await ui.browser.newPage();
    await signIn(page);
    await page.locator('.perspective').first().waitFor();
    // the next answers give ACME another status than it had at sign-in, as a computed value can
    const option = page.locator('#unit-select option[value="acme"]');
    const before = (await option.textContent()) ?? '';
    const status = before.includes('Off target') ? 'on_target' : 'off_target';
    const label = status === 'on_target' ? 'On target' : 'Off target';
    await page.route('**/graphql', async (route) => {
      if (!SCORECARD_QUERY.test(route.request().postData() ?? '')) return route.continue();
      const response = await route.fetch();
      const body = (await response.json()) as { data: { scorecard: { status: string } } };
      body.data.scorecard.status = status;
      return route.fulfill({ response, json: body });
    });
    await ui.sut.publishKpiValue('revenue', 12_000_000);

    await page.locator('.summary .pill', { hasText: label }).first().waitFor();
    expect(await option.textContent()).toContain(label);
    await page.close();
  });

  it('catches up with the values computed while the live connection was down', async () => {
    const page = await ui.browser.newPage();
    const gate = new LiveGate();
    await gate.install(page);
    await signIn(page);
    await page.locator('#live-status.live-live').waitFor();
    const before = await kpiValue(page, 'revenue').textContent();

    await gate.shutAndDrop();
    await page.locator('#live-status.live-offline').waitFor();
    // 13,370,000 EUR while nobody listens: three significant digits of 13.37 M are 13.4 M
    await ui.sut.publishKpiValue('revenue', 13_370_000);
    gate.open();
    await page.locator('#live-status.live-live').waitFor();

    expect(before).not.toBe('13.4 M EUR');
    await kpiValue(page, 'revenue')
      .filter({ hasText: /^13\.4 M EUR$/ })
      .waitFor({ timeout: 10_000 });
    await page.close();
  });
});
