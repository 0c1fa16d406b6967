import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dashboardInChromium, signIn } from './dashboard-test-app';

jest.setTimeout(60_000);

// the model takes a fixed offset written "UTC-05:30", which Intl does not read as it stands
const ZONE = 'UTC-05:30';

/** A model whose calendar is a fixed offset: the page's days, times and what-if are those of that offset. */
describe('Dashboard in a fixed-offset model time zone', () => {
  const modelDir = mkdtempSync(join(tmpdir(), 'bsc-dashboard-offset-'));

  beforeAll(() => {
    const demo = readFileSync('models/demo/acme-manufacturing.yaml', 'utf8');
    const offset = demo.replace(/^(\s+timezone:) UTC$/m, `$1 ${ZONE}`);
    expect(offset).not.toBe(demo);
    writeFileSync(join(modelDir, 'acme-offset.yaml'), offset);
  });
  const ui = dashboardInChromium({ env: { MODEL_FILE: join(modelDir, 'acme-offset.yaml') } });
  beforeAll(async () => {
    // 2027-01-04T03:00Z is Monday in UTC, but 21:30 on Sunday 3 January at UTC-05:30
    await ui.page.clock.setFixedTime(new Date('2027-01-04T03:00:00Z'));
    await signIn(ui.page, ui.sut, 'viewer');
  });
  afterAll(() => {
    rmSync(modelDir, { recursive: true, force: true });
  });

  it('reads the zone (no fallback to UTC) and offers days up to today there', async () => {
    expect(await ui.page.locator('#notice').textContent()).not.toContain('time zone is unknown');
    // 03:00Z - 5 h 30 min = 21:30 on 3 January
    expect(await ui.page.locator('#as-of').getAttribute('max')).toBe('2027-01-03');
  });

  it('"As of" a day is the end of that day at UTC-05:30, written there', async () => {
    const asked = ui.page.waitForRequest((r) => /query Scorecard\b/.test(r.postData() ?? ''));
    await ui.page.locator('#as-of').fill('2025-12-31');
    const { variables } = JSON.parse((await asked).postData() ?? '{}') as { variables: { asOf: string } };
    // 2026-01-01 00:00 at UTC-05:30 = 2026-01-01T05:30Z, less 1 ms
    expect(variables.asOf).toBe('2026-01-01T05:29:59.999Z');
    await ui.page
      .locator('.summary .meta', { hasText: 'as of 31 Dec 2025, 23:59 GMT-5:30' })
      .waitFor({ state: 'attached' });
    await ui.page.locator('#as-of').fill('');
  });

  it('the what-if panel starts next Monday there and sends its days as midnight at UTC-05:30', async () => {
    await ui.page.getByRole('tab', { name: 'Strategy map' }).click();
    const panel = ui.page.locator('.scenario-panel');
    await panel.waitFor();
    // Sunday 3 January there: next Monday is 4 January (in UTC, already Monday, it would be 11 January)
    expect(await panel.locator('#scenario-from').inputValue()).toBe('2027-01-04');
    await panel.locator('#scenario-driver').selectOption('revenue');
    await panel.locator('#scenario-until').fill('2027-02-01');
    const sent = ui.page.waitForRequest((r) => /query WhatIf\b/.test(r.postData() ?? ''));
    await panel.locator('#scenario-number').fill('1000');
    await panel.locator('#scenario-number').dispatchEvent('change');
    const { variables } = (await sent).postDataJSON() as {
      variables: { scenario: { drivers: Array<{ from: string; until: string }> } };
    };
    // midnight at UTC-05:30 is 05:30Z the same day
    expect(variables.scenario.drivers[0]).toMatchObject({
      from: '2027-01-04T05:30:00.000Z',
      until: '2027-02-01T05:30:00.000Z',
    });
    expect(ui.browser.problems).toEqual([]);
  });

  it.each([
    ['startOfDay', '2027-01-01', 'UTC-05:30', '2027-01-01T05:30:00.000Z'],
    // east of UTC: midnight at +05:30 is 18:30Z the day before
    ['startOfDay', '2027-01-01', '+05:30', '2026-12-31T18:30:00.000Z'],
    ['startOfDay', '2027-01-01', 'UTC+14:00', '2026-12-31T10:00:00.000Z'],
    ['endOfDay', '2026-12-31', 'UTC+14:00', '2026-12-31T09:59:59.999Z'],
  ])('%s(%s) in %s is %s', async (fn, day, zone, instant) => {
    const found = await ui.page.evaluate<string>(
      `import('/dashboard/js/time-zone.js').then((m) => new Date(m.${fn}('${day}', '${zone}')).toISOString())`,
    );
    expect(found).toBe(instant);
  });

  it.each([
    // 10:00Z + 14 h = 00:00 on 1 January
    ['2026-12-31T10:00:00Z', 'UTC+14:00', '2027-01-01'],
    // 05:29Z - 5 h 30 min = 23:59 the day before
    ['2027-01-01T05:29:00Z', '-05:30', '2026-12-31'],
  ])('%s falls on a day in %s: %s', async (instant, zone, day) => {
    const found = await ui.page.evaluate<string>(
      `import('/dashboard/js/time-zone.js').then((m) => m.dayOf(${Date.parse(instant)}, '${zone}'))`,
    );
    expect(found).toBe(day);
  });

  it("writes the KPI chart's times in the model time zone, not the browser's (UTC here)", async () => {
    await ui.page.getByRole('tab', { name: 'Scorecard' }).click();
    await ui.page.locator('tr[data-kpi-id="revenue"] th button').click();
    await ui.page.locator('#kpi-drawer .forecast-chart[data-chart=drawn]').waitFor();
    // uPlot's time format of the x axis and cursor, read through the chart the page drew
    const written = await ui.page.evaluate<string>(`import('/dashboard/js/uplot-chart.js').then(({ chartOf }) => {
      const u = chartOf(document.querySelector('#kpi-drawer .forecast-chart'));
      return u.series[0].value(u, Date.UTC(2027, 0, 1, 5, 30) / 1000, 0, 0);
    })`);
    // 2027-01-01T05:30Z - 5 h 30 min = midnight on 1 January there (the browser's UTC would write 5:30am)
    expect(written).toBe('2027-01-01 12:00am');
    await ui.page.locator('#kpi-drawer .close').click();
  });

  it("writes an initiative's days as the model has them and calls a milestone overdue only after its day", async () => {
    const card = ui.page.locator('[data-initiative-id="skills_academy"]');
    const curriculum = '○ Curriculum for operators and service agents — 2027-02-28';
    /** The Initiatives tab read again at `instant`, once the milestone reads `text` (each differs from the last). */
    const show = async (instant: string, text: string) => {
      await ui.page.clock.setFixedTime(new Date(instant));
      await ui.page.getByRole('tab', { name: 'Scorecard' }).click();
      await ui.page.getByRole('tab', { name: 'Initiatives' }).click();
      const exact = new RegExp(`^${text.replace(/[()]/g, '\\$&')}$`);
      await card.locator('.milestone-list li', { hasText: exact }).waitFor();
    };
    // 12:00Z - 5 h 30 min = 06:30 on 28 February there: the milestone due that day is not overdue yet
    await show('2027-02-28T12:00:00Z', curriculum);
    // the timeline runs from the start, 2027-01-01, to the end, 2027-12-31: midnight UTC of 1 January is
    // 18:30 on 31 December there, but the day is the model's, written as it is
    expect(await card.locator('.timeline-date').allTextContents()).toEqual(['1 Jan 2027', '31 Dec 2027']);
    // 05:30Z is midnight there: 28 February has passed
    await show('2027-03-01T05:30:00Z', `${curriculum} (overdue)`);
    // 2027-03-01T05:29Z is 23:59 on 28 February there: still due today
    await show('2027-03-01T05:29:00Z', curriculum);
    expect(ui.browser.problems).toEqual([]);
  });
});
