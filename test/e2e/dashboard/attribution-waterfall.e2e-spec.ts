import { FiscalCalendar } from '@bsc/kpi';
import { dashboardInChromium, type DashboardTestApp } from './dashboard-test-app';

jest.setTimeout(60_000);

/** revenue = sum(erp.order_value, period), quarterly: 1000 in the quarter before last, 1000 + 500 in the last one */
async function ordersOfTwoQuarters(sut: DashboardTestApp): Promise<void> {
  const { model } = sut.activeModel.current();
  const calendar = new FiscalCalendar(model.calendar);
  const last = calendar.previousPeriod(calendar.periodOf(Date.now(), 'quarter'));
  const before = calendar.previousPeriod(last);
  const order = (ts: number, value: number) => ({
    signalId: 'erp.order_value',
    ts,
    value,
    quality: 'good' as const,
    source: 'test',
  });
  await sut.samples.insertBatch(
    [
      order(before.start + 86_400_000, 1000),
      order(last.start + 86_400_000, 1000),
      order(last.start + 2 * 86_400_000, 500),
    ],
    before.start + 3 * 86_400_000,
  );
}

describe('KPI drawer: why it changed (waterfall)', () => {
  const ui = dashboardInChromium({ seed: ordersOfTwoQuarters, role: 'viewer' });

  it('draws the earlier value, one bar per input and the later value', async () => {
    await ui.page.locator('tr[data-kpi-id="revenue"]').getByRole('button', { name: 'Revenue' }).click();
    const drawer = ui.page.getByRole('dialog', { name: 'Revenue' });
    const chart = drawer.locator('svg.attribution-waterfall');
    await chart.waitFor();

    const kinds = await Promise.all((await chart.locator('rect').all()).map((r) => r.getAttribute('data-kind')));
    expect(kinds).toEqual(['total', 'up', 'total']);
    const labels = await chart.locator('text').allTextContents();
    expect(labels).toContain('sum(erp.order_value, period)');
    expect(labels).toContain('+500');
    expect(await drawer.locator('.attribution-notes').textContent()).toContain('sales-service +500');
    expect(ui.browser.problems).toEqual([]);
  });

  it('names the running period "to date" when it is compared with the one closed period', async () => {
    // one closed period (2026-Q3, 1,000) and the running one (2026-Q4, 400 so far): the pair is Q3 -> Q4, and
    // Q4's bar is its value to date, 1,000 - 600 = 400, not a whole quarter's
    const texts = await ui.page.evaluate<{ heading: string; labels: string[] }>(`
      import('/dashboard/js/attribution-waterfall.js').then(async ({ mountAttribution }) => {
        const root = document.body.appendChild(document.createElement('div'));
        const kpi = { id: 'revenue', formula: 'sum(erp.order_value, period)', unit: 'EUR', periodKey: '2026-Q4',
          history: [{ periodKey: '2026-Q2', value: null }, { periodKey: '2026-Q3', value: 1000 }, { periodKey: '2026-Q4', value: 400 }] };
        const attribution = { from: { periodKey: '2026-Q3', value: 1000 }, to: { periodKey: '2026-Q4', value: 400 },
          change: -600, corrections: 0, targetChange: 0, modelChange: 0, byUnit: [],
          parts: [{ term: 'sum(erp.order_value, period)', contribution: -600, parts: [] }] };
        await mountAttribution(root, kpi, async () => ({ kpi: { attribution } }));
        const texts = { heading: root.querySelector('h3').textContent,
          labels: [...root.querySelectorAll('svg.attribution-waterfall text')].map((t) => t.textContent) };
        root.remove();
        return texts;
      })`);

    expect(texts.heading).toBe('Why it changed: 2026-Q3 → 2026-Q4 to date');
    expect(texts.labels).toContain('2026-Q3');
    expect(texts.labels).toContain('2026-Q4 to date');
    expect(texts.labels).not.toContain('2026-Q4');
    expect(ui.browser.problems).toEqual([]);
  });
});
