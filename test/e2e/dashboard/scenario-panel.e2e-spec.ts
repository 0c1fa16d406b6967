import { dashboardInChromium } from './dashboard-test-app';

jest.setTimeout(60_000);

describe('Strategy map: what-if panel', () => {
  const ui = dashboardInChromium({ role: 'viewer' });

  it('runs the scenario picked on the map and shows the driven KPI moving with its probability', async () => {
    await ui.page.getByRole('tab', { name: 'Strategy map' }).click();
    const panel = ui.page.locator('.scenario-panel');
    await panel.waitFor();
    await panel.locator('#scenario-driver').selectOption('oee_line2');
    await panel.locator('#scenario-number').fill('5');
    // next Monday may fall in next month: show both, and read the first period the change reaches
    await panel.locator('#scenario-horizon').selectOption('2');
    await panel.locator('#scenario-number').dispatchEvent('change');

    const row = panel.locator('tr[data-kpi-id="oee_line2"]').first();
    await row.waitFor();
    // +5 points from next Monday: a positive exact effect (the share of the month after it), no link effect
    expect(await row.locator('[data-cell=exact]').textContent()).toMatch(/^\+\d/);
    expect(await row.locator('[data-cell=probability]').textContent()).toMatch(/ % → [\d.]+ %$/);
    expect(await row.textContent()).toContain('exact: oee_line2');
    expect(ui.browser.problems).toEqual([]);
  });

  it('shows the next period too when asked: +5 from the 1st of next month moves next month by 5, this one not', async () => {
    const panel = ui.page.locator('.scenario-panel');
    const today = new Date();
    const nextMonth = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth() + 1, 1)).toISOString().slice(0, 10);
    await panel.locator('#scenario-from').fill(nextMonth);
    await panel.locator('#scenario-horizon').selectOption('2');
    await panel.locator('#scenario-horizon').dispatchEvent('change');

    // oee_line2 is monthly: this month is not reached at all (its row from the previous scenario goes), next month
    // is covered whole
    await panel.locator('tr[data-kpi-id="oee_line2"][data-periods-ahead="0"]').waitFor({ state: 'detached' });
    // the cell is awaited by its text: the previous scenario's row for next month may still be on screen
    const next = panel.locator('tr[data-kpi-id="oee_line2"][data-periods-ahead="1"] [data-cell=exact]');
    await next.filter({ hasText: /^\+5$/ }).waitFor();
    expect(await next.textContent()).toBe('+5');
    expect(await panel.locator('tr[data-kpi-id="oee_line2"][data-periods-ahead="0"]').count()).toBe(0);
    expect(ui.browser.problems).toEqual([]);
  });

  it('stops the change at the end date: +5 from the 1st until the 16th of next month moves it by 5 * 15 / its days', async () => {
    const panel = ui.page.locator('.scenario-panel');
    const today = new Date();
    const start = Date.UTC(today.getUTCFullYear(), today.getUTCMonth() + 1, 1);
    const days = (Date.UTC(today.getUTCFullYear(), today.getUTCMonth() + 2, 1) - start) / 86_400_000;
    await panel.locator('#scenario-from').fill(new Date(start).toISOString().slice(0, 10));
    await panel.locator('#scenario-until').fill(new Date(start + 15 * 86_400_000).toISOString().slice(0, 10));
    await panel.locator('#scenario-until').dispatchEvent('change');

    // e.g. 30 days: 5 * 15 / 30 = 2.5; awaited by its text, the open-ended run's +5 may still be on screen
    const next = panel.locator('tr[data-kpi-id="oee_line2"][data-periods-ahead="1"] [data-cell=exact]');
    await next.filter({ hasNotText: /^\+5$/ }).waitFor();
    expect(Number((await next.textContent())!.replace(/[^\d.]/g, ''))).toBeCloseTo((5 * 15) / days, 1);
    expect(ui.browser.problems).toEqual([]);
  });

  it('names the KPIs it reaches that have no forecast two periods ahead', async () => {
    // the stand-in forecasts cover the next period only
    const panel = ui.page.locator('.scenario-panel');
    await panel.locator('#scenario-horizon').selectOption('3');
    await panel.locator('#scenario-horizon').dispatchEvent('change');
    const note = panel.locator('[data-note=unavailable]');
    await note.waitFor();
    expect(await note.textContent()).toContain('oee_line2 (+2)');
    expect(ui.browser.problems).toEqual([]);
  });

  it('says which exact effects are approximate, and why', async () => {
    // the API marks one: a daily KPI reading a monthly level whose value at the day's end its forecast does not give
    const reason = "level: read to date at this period's end, where its forecast path gives no value";
    await ui.page.route('**/graphql', async (route) => {
      if (!/query WhatIf\b/.test(route.request().postData() ?? '')) return route.continue();
      const response = await route.fetch();
      const body = (await response.json()) as { data: { whatIf: { kpis: Array<Record<string, unknown>> } } };
      body.data.whatIf.kpis[0].approximate = reason;
      return route.fulfill({ response, json: body });
    });
    const panel = ui.page.locator('.scenario-panel');
    await panel.locator('#scenario-horizon').selectOption('2');
    await panel.locator('#scenario-horizon').dispatchEvent('change');
    const note = panel.locator('[data-note=approximate]');
    await note.waitFor();
    expect(await note.textContent()).toContain(`oee_line2 `);
    expect(await note.textContent()).toContain(`(${reason})`);
    await ui.page.unroute('**/graphql');
    expect(ui.browser.problems).toEqual([]);
  });

  it('reads the slider as a share in relative mode: its right end is +50 % (0.5), not +2000 % (20)', async () => {
    const panel = ui.page.locator('.scenario-panel');
    // a zero change asks nothing: the only request is the slider's
    await panel.locator('#scenario-number').fill('0');
    await panel.locator('#scenario-change').selectOption('relative');
    const sent = ui.page.waitForRequest((r) => /query WhatIf\b/.test(r.postData() ?? ''));
    await panel.locator('#scenario-value').focus();
    await ui.page.keyboard.press('End');

    const { variables } = (await sent).postDataJSON() as {
      variables: { scenario: { drivers: Array<{ change: string; value: number }> } };
    };
    // relative: value times the level, 0.05 = +5 %; the slider spans -50 % to +50 %
    expect(variables.scenario.drivers[0]).toMatchObject({ change: 'relative', value: 0.5 });
    expect(await panel.locator('#scenario-number').inputValue()).toBe('0.5');
    expect(ui.browser.problems).toEqual([]);
  });
});
