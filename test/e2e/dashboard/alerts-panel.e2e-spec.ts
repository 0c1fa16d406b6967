import { dashboardInChromium, signIn } from './dashboard-test-app';

jest.setTimeout(60_000);

const HOUR = 3_600_000;

/** The alerts panel counts and lists the unresolved alerts the API has, however many resolved ones are newer. */
describe('Dashboard alerts panel: the unresolved alerts', () => {
  const ui = dashboardInChromium();

  it('counts every unresolved alert, not those among the newest 50 of any status', async () => {
    const now = Date.now();
    const raise = (key: string, raisedAt: number) =>
      ui.sut.alerts.raise({
        rule: 'status_change',
        kpiId: 'oee_group',
        unitId: 'acme',
        severity: 'warning',
        message: `alert ${key}`,
        dedupKey: `e2e:${key}`,
        raisedAt,
      });
    const acknowledged = (await raise('acknowledged', now - 3 * HOUR)).alert;
    await ui.sut.alerts.acknowledge(acknowledged.id, 'ops');
    const open = [(await raise('open-1', now - 2 * HOUR)).alert, (await raise('open-2', now - 2 * HOUR + 1000)).alert];
    // 55 newer ones, all resolved since: the newest 50 alerts of any status are all resolved
    for (let i = 0; i < 55; i++) {
      const { alert } = await raise(`resolved-${i}`, now - HOUR + i * 1000);
      await ui.sut.alerts.resolve(alert.id);
    }

    await signIn(ui.page, ui.sut, 'viewer');
    // 2 open + 1 acknowledged = 3 unresolved, newest first
    const count = ui.page.locator('#alerts .count');
    await count.waitFor();
    expect(await count.textContent()).toBe('3');
    const items = await ui.page.locator('#alerts li[data-alert-id]').all();
    const ids = await Promise.all(items.map((item) => item.getAttribute('data-alert-id')));
    expect(ids).toEqual([open[1].id, open[0].id, acknowledged.id]);
    expect(ui.browser.problems).toEqual([]);
  });

  it('says how many it shows when more are unresolved than it lists', async () => {
    const now = Date.now();
    // 3 unresolved so far, 60 more open: 63 unresolved, the newest 50 listed
    for (let i = 0; i < 60; i++) {
      await ui.sut.alerts.raise({
        rule: 'status_change',
        kpiId: 'oee_group',
        unitId: 'acme',
        severity: 'warning',
        message: `burst ${i}`,
        dedupKey: `e2e:burst-${i}`,
        raisedAt: now - 30 * 60_000 + i * 1000,
      });
    }
    await ui.page.reload();
    await ui.page.locator('#alerts .count', { hasText: /^63$/ }).waitFor();
    expect(await ui.page.locator('#alerts li[data-alert-id]').count()).toBe(50);
    expect(await ui.page.locator('#alerts [data-testid=alerts-more]').textContent()).toBe('The newest 50 of 63.');
    expect(ui.browser.problems).toEqual([]);
  });
});
