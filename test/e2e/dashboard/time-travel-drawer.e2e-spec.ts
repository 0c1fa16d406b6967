import { dashboardInChromium, type DashboardTestApp } from './dashboard-test-app';

jest.setTimeout(60_000);

interface KpiDetailVariables {
  id: string;
  to?: string;
  knownAt?: string;
}

describe('KPI drawer in the time-travel view', () => {
  // 40 days ago: an order of 2 M EUR known that morning, and one of 0.5 M EUR of the same morning loaded today
  const day = new Date(Date.now() - 40 * 86_400_000).toISOString().slice(0, 10);
  const at = (hour: number) => Date.parse(`${day}T${String(hour).padStart(2, '0')}:00:00Z`);

  const ui = dashboardInChromium({ seed: ordersOfOneMorning, role: 'viewer' });

  async function ordersOfOneMorning(sut: DashboardTestApp): Promise<void> {
    const order = (ts: number, value: number) => ({
      signalId: 'erp.order_value',
      ts,
      value,
      quality: 'good' as const,
      source: 'e2e',
    });
    await sut.samples.insertBatch([order(at(10), 2_000_000)], at(10));
    await sut.samples.insertBatch([order(at(11), 500_000)], Date.now());
  }

  const drawer = () => ui.page.getByRole('dialog', { name: 'Revenue' });
  const valueFact = () => drawer().locator('.facts').first().locator('dd').first();

  /** Opens the revenue drawer and returns the variables of its KpiDetail query. */
  async function openRevenue(): Promise<KpiDetailVariables> {
    const asked = ui.page.waitForRequest((r) => /query KpiDetail\b/.test(r.postData() ?? ''));
    await ui.page.locator('tr[data-kpi-id="revenue"]').getByRole('button', { name: 'Revenue' }).click();
    const body = JSON.parse((await asked).postData() ?? '{}') as { variables: KpiDetailVariables };
    await drawer().locator('.facts').first().waitFor();
    return body.variables;
  }

  it("shows the figures of the day travelled to, as known then, with the history to then and today's forecast left out", async () => {
    const live = await openRevenue();
    const liveValue = await valueFact().textContent();
    expect(live.to).toBeUndefined();
    await ui.page.keyboard.press('Escape');

    await ui.page.locator('#as-of').fill(day);
    await ui.page.locator('[data-testid=known-at]', { hasText: 'as known then' }).waitFor();
    const past = await openRevenue();

    // the quarter to that day as known then: the 2 M EUR order only (the 0.5 M EUR one arrived today)
    expect(await valueFact().textContent()).toBe('2 M EUR');
    expect(liveValue).not.toBe('2 M EUR');
    expect(past).toMatchObject({ to: `${day}T23:59:59.999Z`, knownAt: `${day}T23:59:59.999Z` });
    expect(await drawer().getByTestId('drawer-as-of').textContent()).toMatch(/^As of /);
    expect(await drawer().locator('.period-end').count()).toBe(0);
    await ui.page.keyboard.press('Escape');

    await ui.page.locator('#as-corrected').check();
    await ui.page.locator('[data-testid=known-at]', { hasText: /as corrected by/ }).waitFor();
    await openRevenue();
    // 2 M + 0.5 M received today
    expect(await valueFact().textContent()).toBe('2.5 M EUR');
    expect(ui.browser.problems).toEqual([]);
  });
});
