import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FiscalCalendar } from '@bsc/kpi';
import { launchTestBrowser } from './chromium-browser';
import { dashboardInChromium, signIn } from './dashboard-test-app';

jest.setTimeout(60_000);

const ZONE = 'Europe/Berlin';
const DAY_IN_ZONE = new Intl.DateTimeFormat('en-CA', { timeZone: ZONE });
// a name no time zone database has: stands for one newer than the browser's
const UNKNOWN_ZONE = 'Mars/Olympus_Mons';

/** The page's days and times are those of the model's calendar, here Europe/Berlin, not of UTC. */
describe('Dashboard days and times in the model time zone', () => {
  const modelDir = mkdtempSync(join(tmpdir(), 'bsc-dashboard-berlin-'));

  beforeAll(() => {
    const demo = readFileSync('models/demo/acme-manufacturing.yaml', 'utf8');
    const berlin = demo.replace(/^(\s+timezone:) UTC$/m, `$1 ${ZONE}`);
    expect(berlin).not.toBe(demo);
    writeFileSync(join(modelDir, 'acme-berlin.yaml'), berlin);
  });
  const ui = dashboardInChromium({ env: { MODEL_FILE: join(modelDir, 'acme-berlin.yaml') }, role: 'viewer' });
  afterAll(() => {
    rmSync(modelDir, { recursive: true, force: true });
  });

  it('a change until the first day of next quarter ends with this quarter in Berlin: next quarter does not move', async () => {
    const calendar = new FiscalCalendar(ui.sut.activeModel.current().model.calendar);
    const quarter = calendar.periodOf(Date.now(), 'quarter');
    // e.g. Q4 2026 ends at 2027-01-01 00:00 Berlin = 2026-12-31T23:00Z; read as UTC midnight, the change would last
    // one hour into Q1 2027 and move it by 1,000,000 * 1 h / 2160 h = +463
    const until = DAY_IN_ZONE.format(new Date(quarter.end));
    const today = DAY_IN_ZONE.format(new Date());
    await ui.page.getByRole('tab', { name: 'Strategy map' }).click();
    const panel = ui.page.locator('.scenario-panel');
    await panel.waitFor();
    await panel.locator('#scenario-driver').selectOption('revenue');
    await panel.locator('#scenario-from').fill(today);
    await panel.locator('#scenario-until').fill(until);
    await panel.locator('#scenario-horizon').selectOption('2');
    await panel.locator('#scenario-number').fill('1000000');
    await panel.locator('#scenario-number').dispatchEvent('change');

    await panel.locator('tr[data-kpi-id="revenue"][data-periods-ahead="0"]').waitFor();
    expect(await panel.locator('tr[data-kpi-id="revenue"][data-periods-ahead="1"]').count()).toBe(0);
    expect(ui.browser.problems).toEqual([]);
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
    const begins = await ui.page.evaluate<string>(
      `import('/dashboard/js/time-zone.js').then(({ startOfDay }) => new Date(startOfDay('${day}', '${zone}')).toISOString())`,
    );
    expect(begins).toBe(instant);
  });

  it.each([
    // 2026-01-01 00:00 CET (UTC+1) = 2025-12-31T23:00Z, less 1 ms: the end of Q4 2025, not 00:59 on 1 January
    ['2025-12-31', '2025-12-31T22:59:59.999Z'],
    // 2026-10-01 00:00 CEST (UTC+2) = 2026-09-30T22:00Z, less 1 ms
    ['2026-09-30', '2026-09-30T21:59:59.999Z'],
    // the clocks go forward at 02:00 on 29 March: its midnight is still CET, 2026-03-28T23:00Z, less 1 ms
    ['2026-03-28', '2026-03-28T22:59:59.999Z'],
  ])('"As of" %s is the end of that day in Berlin, %s', async (day, instant) => {
    const asked = ui.page.waitForRequest((r) => /query Scorecard\b/.test(r.postData() ?? ''));
    await ui.page.locator('#as-of').fill(day);
    const { variables } = JSON.parse((await asked).postData() ?? '{}') as { variables: { asOf: string } };
    expect(variables.asOf).toBe(instant);
  });

  it('writes the time of the day travelled to in Berlin, with its abbreviation', async () => {
    // the scorecard's summary, behind the strategy map tab an earlier test opened
    const meta = (text: string | RegExp) =>
      ui.page.locator('.summary .meta', { hasText: text }).waitFor({ state: 'attached' });
    await ui.page.locator('#as-of').fill('2025-12-31');
    // 2025-12-31T22:59:59.999Z + 1 h (CET) = 23:59 on 31 December
    await meta('as of 31 Dec 2025, 23:59 CET');
    await ui.page.locator('#as-of').fill('');
    await meta(/as of .* CET$/);
    expect(ui.browser.problems).toEqual([]);
  });

  it('offers days up to today in Berlin, and the briefing book of the month it is there', async () => {
    // a browser of its own: the fixed clock holds for every page of a browser context
    const other = await launchTestBrowser();
    try {
      const early = await other.newPage();
      // 2026-12-31T23:30Z + 1 h (CET) = 00:30 on 1 January 2027 in Berlin: today is 2027-01-01, the month 2027-01
      await early.clock.setFixedTime(new Date('2026-12-31T23:30:00Z'));
      await early.route('**/reports/briefing-book?*', (route) =>
        route.fulfill({ contentType: 'text/csv', body: 'kpi\n' }),
      );
      await signIn(early, ui.sut, 'viewer');
      expect(await early.locator('#as-of').getAttribute('max')).toBe('2027-01-01');

      const asked = early.waitForRequest(/\/reports\/briefing-book\?/);
      await early.getByRole('button', { name: 'KPI table (CSV)' }).click();
      expect(new URL((await asked).url()).searchParams.get('period')).toBe('2027-01');
      expect(other.problems).toEqual([]);
    } finally {
      await other.close();
    }
  });

  it('offers the new day once midnight has passed in Berlin, on a page left open', async () => {
    const other = await launchTestBrowser();
    try {
      const open = await other.newPage();
      // 2026-12-31T22:30Z + 1 h (CET) = 23:30 on 31 December in Berlin
      await open.clock.install({ time: new Date('2026-12-31T22:30:00Z') });
      await signIn(open, ui.sut, 'viewer');
      expect(await open.locator('#as-of').getAttribute('max')).toBe('2026-12-31');
      // an hour later, 23:30Z, it is 00:30 on 1 January 2027 there: the picker offers that day
      await open.clock.fastForward('01:00:00');
      expect(await open.locator('#as-of').getAttribute('max')).toBe('2027-01-01');
      expect(other.problems).toEqual([]);
    } finally {
      await other.close();
    }
  });

  it('falls back to UTC days, and says so, when the browser cannot read the model time zone', async () => {
    const odd = await ui.browser.newPage();
    try {
      // a zone the server's time zone data has and this browser's does not yet; the page stays usable
      await odd.route('**/graphql', (route) =>
        /query ModelTimeZone\b/.test(route.request().postData() ?? '')
          ? route.fulfill({ json: { data: { strategyMap: { timeZone: UNKNOWN_ZONE } } } })
          : route.continue(),
      );
      await odd.goto(ui.sut.origin);
      await odd.locator('.perspective').first().waitFor();
      await odd.locator('#notice', { hasText: "The model's time zone is unknown, days and times are UTC" }).waitFor();
      expect(await odd.locator('#as-of').getAttribute('max')).toBe(new Date().toISOString().slice(0, 10));
    } finally {
      await odd.close();
    }
  });

  it("prints a past month's book with its end written in Berlin", async () => {
    const book = await ui.browser.newPage();
    try {
      // December 2025 ends at 2026-01-01 00:00 CET = 2025-12-31T23:00Z; the book shows the millisecond before
      await book.goto(`${ui.sut.origin}/briefing?unit=acme&period=2025-12&asOf=2025-12-31T22:59:59.999Z`);
      await book.locator('body[data-briefing-ready]').waitFor();
      expect(await book.locator('header p').first().textContent()).toMatch(/^Scorecard as of 31 Dec 2025, 23:59 CET /);
    } finally {
      await book.close();
    }
  });

  it('prints the book in UTC, labelled so, when the browser cannot read the model time zone', async () => {
    const book = await ui.browser.newPage();
    try {
      await book.route('**/graphql', async (route) => {
        if (!/query StrategyMap\b/.test(route.request().postData() ?? '')) return route.continue();
        const response = await route.fetch();
        const body = (await response.json()) as { data: { strategyMap: { timeZone: string } } };
        body.data.strategyMap.timeZone = UNKNOWN_ZONE;
        return route.fulfill({ response, json: body });
      });
      await book.goto(`${ui.sut.origin}/briefing?unit=acme&period=2025-12&asOf=2025-12-31T22:59:59.999Z`);
      await book.locator('body[data-briefing-ready]').waitFor();
      expect(await book.locator('header p').first().textContent()).toMatch(/^Scorecard as of 31 Dec 2025, 22:59 UTC /);
    } finally {
      await book.close();
    }
  });
});
