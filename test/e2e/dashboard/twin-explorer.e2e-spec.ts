import type { Page } from 'playwright-core';
import { dashboardInChromium, type DashboardTestApp } from './dashboard-test-app';

jest.setTimeout(60_000);

const SIGNAL = 'line2.oven_temp';
// 2,000 samples over the last 20 h (one per 36 s): more than the chart's maxPoints, so the 24 h trend is bucketed
const SAMPLES = 2_000;
const STEP_MS = 36_000;
const SPIKE = 287.5;

/** Canvas pixels that are not transparent: > 0 once uPlot drew something. */
const paintedPixels = (page: Page): Promise<number> =>
  page.evaluate<number>(`(() => {
    const canvas = document.querySelector('#twin-explorer .trend canvas');
    const { data } = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height);
    let painted = 0;
    for (let i = 3; i < data.length; i += 4) if (data[i] > 0) painted++;
    return painted;
  })()`);

describe('Twin explorer in Chromium', () => {
  const now = Date.now();

  const ui = dashboardInChromium({ seed: oneOvenDay, role: 'engineer', noProblemsAfterEach: true });

  async function oneOvenDay(sut: DashboardTestApp): Promise<void> {
    const start = now - SAMPLES * STEP_MS;
    await sut.samples.insertBatch(
      Array.from({ length: SAMPLES }, (_, i) => ({
        signalId: SIGNAL,
        ts: start + (i + 1) * STEP_MS,
        value: i === 700 ? SPIKE : 180 + (i % 10),
        quality: 'good' as const,
        source: 'opcua:plant-north-opc',
      })),
    );
  }

  const item = (id: string) => ui.page.locator(`#twin-explorer li[data-node-id="${id}"]`);
  const expand = async (id: string) => {
    await item(id).locator(':scope > .row .toggle').click();
    await item(id).locator(':scope > ul[role=group] > li').first().waitFor();
  };

  it('walks the tree from the group down to a signal, one level per request', async () => {
    await ui.page.getByRole('tab', { name: 'Twin explorer' }).click();
    await item('acme').waitFor();
    expect(await ui.page.locator('#twin-explorer [role=tree] > li').count()).toBe(1);

    await expand('acme');
    const children = item('acme').locator(':scope > ul > li[role=treeitem]');
    const ids: string[] = [];
    for (let i = 0; i < (await children.count()); i++)
      ids.push((await children.nth(i).getAttribute('data-node-id')) ?? '');
    expect(ids).toEqual(expect.arrayContaining(['plant-north', 'plant-south', 'sales-service', 'people-development']));
    // nothing below a collapsed node is loaded: the Line 2 oven is not in the page yet
    expect(await item('line2.oven').count()).toBe(0);
    await expand('plant-north');
    await expand('production-north');
    await expand('line2');
    await expand('line2.oven');
    expect(await item(SIGNAL).count()).toBe(1);
  });

  it('shows the signal binding, live value and a uPlot trend with as many points as the query returned', async () => {
    const historyResponse = ui.page.waitForResponse(
      (r) => r.url().endsWith('/graphql') && (r.request().postData() ?? '').includes('SignalHistory'),
    );
    await item(SIGNAL).locator(':scope > .row .node').click();
    const body = (await (await historyResponse).json()) as {
      data: { signal: { history: { rawCount: number; bucketMs: number | null; buckets: Array<{ max: number }> } } };
    };
    const history = body.data.signal.history;
    const trend = ui.page.locator('#twin-explorer .trend');
    await ui.page.locator('#twin-explorer .trend[data-state=drawn]').waitFor();

    // 20 h of samples lie inside the default 24 h range; bucketed, and the one spike survives in a bucket's max
    expect(history.rawCount).toBe(SAMPLES);
    expect(history.bucketMs).not.toBeNull();
    expect(Math.max(...history.buckets.map((b) => b.max))).toBe(SPIKE);
    expect(await trend.getAttribute('data-points')).toBe(String(history.buckets.length));
    expect(await trend.getAttribute('data-raw-count')).toBe(String(SAMPLES));
    expect(await paintedPixels(ui.page)).toBeGreaterThan(0);

    const fact = (key: string) => ui.page.locator(`#twin-explorer [data-fact="${key}"]`).textContent();
    expect(await fact('protocol')).toBe('opcua');
    expect(await ui.page.locator('#twin-explorer .signal-binding').textContent()).toContain(
      'ns=1;s=Line2.Oven.Temperature',
    );
    expect(await fact('kind')).toBe('gauge');
    expect(await fact('unit')).toBe('degC');
    // the newest sample is i = 1999: 180 + 9
    expect(await fact('value')).toBe('189 degC');
    expect(await fact('quality')).toBe('good');
    expect(await fact('age')).toMatch(/^\d+ s ago$/);
  });

  it('draws the raw samples for a short range and shows the lineage of a KPI', async () => {
    await ui.page.getByRole('button', { name: '1 h', exact: true }).click();
    const trend = ui.page.locator('#twin-explorer .trend');
    await ui.page.locator('#twin-explorer .trend[data-bucketed=false][data-state=drawn]').waitFor();
    // samples every 36 s: the last hour holds 100 of them (3600 / 36), the first exactly an hour ago excluded or not
    expect(Number(await trend.getAttribute('data-points'))).toBeGreaterThanOrEqual(99);
    expect(Number(await trend.getAttribute('data-points'))).toBeLessThanOrEqual(100);

    await expand(SIGNAL);
    const kpi = item(SIGNAL).locator(':scope > ul > li').first();
    await kpi.locator(':scope > .row .node').click();
    await ui.page.locator('#twin-explorer .lineage .edges li').first().waitFor();
    expect(await ui.page.locator('#twin-explorer .lineage').textContent()).toContain('computed from');
  });

  it("writes the last sample's age as every duration on the page, not rounded to whole days", async () => {
    // the newest sample is at `now`; 36 h later it is 1.5 d old (the alerts' ages read so), not "2 d"
    await ui.page.clock.setFixedTime(new Date(now + 36 * 3_600_000));
    await item(SIGNAL).locator(':scope > .row .node').click();
    await ui.page.locator('#twin-explorer [data-fact="age"]', { hasText: /d ago$/ }).waitFor();
    expect(await ui.page.locator('#twin-explorer [data-fact="age"]').textContent()).toBe('1.5 d ago');
  });
});
