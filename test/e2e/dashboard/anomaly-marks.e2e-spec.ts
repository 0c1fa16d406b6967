import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AnomalyRepository } from '@bsc/persistence';
import { dashboardInChromium, signIn } from './dashboard-test-app';

jest.setTimeout(60_000);

const DAY = 86_400_000;
// India keeps UTC+05:30 all year (no daylight saving time): its times are worked out by hand
const ZONE = 'Asia/Kolkata';

const anomaly = (ts: number, planned: boolean) => ({
  kind: 'kpi_interval' as const,
  kpiId: 'oee_group',
  signalId: null,
  unitId: 'acme',
  ts,
  score: 0.47,
  value: 70,
  expected: 76,
  lower: 72,
  upper: 80,
  periodKey: null,
  detectedAt: ts,
  ...(planned ? { planned: true } : {}),
});

describe('KPI drawer chart: anomaly marks in Chromium', () => {
  const modelDir = mkdtempSync(join(tmpdir(), 'bsc-dashboard-kolkata-'));
  beforeAll(() => {
    const demo = readFileSync('models/demo/acme-manufacturing.yaml', 'utf8');
    const kolkata = demo.replace(/^(\s+timezone:) UTC$/m, `$1 ${ZONE}`);
    expect(kolkata).not.toBe(demo);
    writeFileSync(join(modelDir, 'acme-kolkata.yaml'), kolkata);
  });
  const ui = dashboardInChromium({ env: { MODEL_FILE: join(modelDir, 'acme-kolkata.yaml') } });
  afterAll(() => {
    rmSync(modelDir, { recursive: true, force: true });
  });

  it('tells an anomaly found in planned downtime (expected, no alert) from one that raised an alert', async () => {
    const now = Date.now();
    await ui.sut.app.get(AnomalyRepository).record([anomaly(now - 3 * DAY, false), anomaly(now - 2 * DAY, true)]);
    await signIn(ui.page, ui.sut, 'viewer');
    await ui.page.locator('tr[data-kpi-id="oee_group"] th button').click();

    const marks = ui.page.locator('#kpi-drawer .forecast-chart .anomaly-mark');
    await marks.first().waitFor();
    expect(await marks.count()).toBe(2);
    const titles = await Promise.all((await marks.all()).map((m) => m.getAttribute('title')));
    expect(titles[0]).toMatch(/^Anomaly: outside the 95 % band, score 0\.47/);
    expect(titles[1]).toMatch(
      /^Anomaly in planned downtime \(expected, no alert\): outside the 95 % band, score 0\.47/,
    );
    expect(await marks.nth(1).getAttribute('class')).toContain('planned');
    expect(await marks.nth(0).getAttribute('class')).not.toContain('planned');
    expect(ui.browser.problems).toEqual([]);
  });

  it("writes an anomaly's time in the model time zone, labelled", async () => {
    await ui.page.locator('#kpi-drawer .close').click();
    // 20:00Z four days ago: + 5 h 30 min = 01:30 on the next day in Kolkata, written "…, 01:30 GMT+5:30"
    const midnight = Math.floor(Date.now() / DAY) * DAY - 4 * DAY;
    await ui.sut.app.get(AnomalyRepository).record([{ ...anomaly(midnight + 20 * 3_600_000, false), score: 0.91 }]);
    const nextDay = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeZone: 'UTC' }).format(midnight + DAY);
    await ui.page.locator('tr[data-kpi-id="oee_group"] th button').click();

    const mark = ui.page.locator('#kpi-drawer .forecast-chart .anomaly-mark[title*="score 0.91"]');
    await mark.waitFor({ state: 'attached' });
    expect(await mark.getAttribute('title')).toBe(
      `Anomaly: outside the 95 % band, score 0.91 (${nextDay}, 01:30 GMT+5:30)`,
    );
    expect(ui.browser.problems).toEqual([]);
  });
});
