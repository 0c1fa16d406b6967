import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page, Route } from 'playwright-core';
import { AnomalyRepository } from '@bsc/persistence';
import { loadValidModelFromFile, type TwinModel } from '@bsc/twin';
import { Authenticator } from '../../../apps/api/src/auth/authenticator.service';
import { dashboardInChromium } from './dashboard-test-app';
import { probeForecastChart } from './forecast-chart-probe';
import { PROVISIONAL_REASON } from './fake-forecast.provider';

jest.setTimeout(60_000);

const PERSPECTIVES = ['Financial', 'Customer', 'Internal Process', 'Learning & Growth'];
const LIVE_ATTEMPTS = 5;
// 401 answers are expected in the sign-in tests; the browser logs every refused request
const EXPECTED_CONSOLE = /status of 401/;

const kpiRow = (page: Page, kpiId: string) => page.locator(`tr[data-kpi-id="${kpiId}"]`);

describe('Dashboard in Chromium', () => {
  let adminKey: string;
  let demo: TwinModel;
  const shots = mkdtempSync(join(tmpdir(), 'bsc-dashboard-shots-'));

  const ui = dashboardInChromium({ noProblemsAfterEach: EXPECTED_CONSOLE });
  beforeAll(async () => {
    demo = await loadValidModelFromFile('models/demo/acme-manufacturing.yaml');
    adminKey = await ui.sut.issueKey('admin');
    process.stdout.write(`dashboard screenshots: ${shots}\n`);
  });

  it('asks for credentials and explains a refused key', async () => {
    await ui.page.goto(ui.sut.origin);
    await ui.page.getByLabel('API key or JWT').fill('bsc_not-a-real-key');
    await ui.page.getByRole('button', { name: 'Sign in' }).click();

    await ui.page.locator('#sign-in-message:not(:empty)').waitFor();
    expect(await ui.page.locator('#sign-in-message').textContent()).toMatch(
      /Sign-in failed: .*API key: unknown or revoked/,
    );
    expect(await ui.page.evaluate('window.localStorage.length')).toBe(0);
  });

  it('signs in with an API key and shows the four perspectives with KPI values and statuses', async () => {
    await ui.page.getByLabel('API key or JWT').fill(adminKey);
    await ui.page.getByRole('button', { name: 'Sign in' }).click();
    await ui.page.locator('.perspective').first().waitFor();

    expect(await ui.page.locator('.perspective h2').allTextContents()).toEqual(PERSPECTIVES);
    expect(await kpiRow(ui.page, 'revenue').locator('[data-cell=value]').textContent()).toMatch(/^\d+(\.\d+)? M EUR$/);
    expect(await kpiRow(ui.page, 'revenue').locator('[data-cell=status]').textContent()).toMatch(
      /^(On target|At risk|Off target)$/,
    );
    expect(await kpiRow(ui.page, 'gross_margin').locator('[data-cell=value]').textContent()).toMatch(/^\d+(\.\d+)? %$/);
    expect(await kpiRow(ui.page, 'revenue').locator('[data-cell=forecast]').textContent()).toContain('42 %');
    // a cumulative KPI is read to date against its target planned to date, and the projection against the full one
    expect(await kpiRow(ui.page, 'revenue').textContent()).toMatch(
      /M EURto date.*M EURplanned to date of [\d.]+ M EUR/,
    );
    expect(await kpiRow(ui.page, 'revenue').locator('.projection').textContent()).toMatch(
      /^projected 11\.8 M vs [\d.]+ M target$/,
    );
    // (its value and target cells; its trend names its running month "to date")
    expect((await kpiRow(ui.page, 'oee_group').locator('td.num').allTextContents()).join(' ')).not.toContain('to date');
    await kpiRow(ui.page, 'revenue').locator('[data-cell=trend] svg polyline').waitFor();
    await ui.page.locator('#live-status.live-live').waitFor();
    await ui.page.screenshot({ path: join(shots, 'scorecard.png'), fullPage: true });
  });

  it('keeps the key for the next visit and sends it as x-api-key', async () => {
    const sent = ui.page.waitForRequest((r) => r.url().endsWith('/graphql') && r.method() === 'POST');
    await ui.page.reload();
    expect((await sent).headers()['x-api-key']).toBe(adminKey);
    await ui.page.locator('.perspective').first().waitFor();
    expect(await ui.page.locator('#sign-in').isHidden()).toBe(true);
    await ui.page.locator('#live-status.live-live').waitFor();
  });

  it('updates a KPI row in place when a new value is computed', async () => {
    await ui.page.evaluate('window.__sameDocument = true');
    const row = kpiRow(ui.page, 'revenue');
    // hold the scorecard re-fetch, so only the kpiUpdated subscription can change the row
    const held: Route[] = [];
    await ui.page.route('**/graphql', (route) =>
      /query Scorecard\b/.test(route.request().postData() ?? '') ? held.push(route) : route.continue(),
    );

    // the subscription may still be settling after the reload: announce again until the row moves
    const updated = row.locator('[data-cell=value]', { hasText: /^13\.4 M EUR$/ });
    for (let attempt = 1; !(await updated.isVisible()); attempt++) {
      if (attempt > LIVE_ATTEMPTS) throw new Error('the revenue row never received the kpiUpdated event');
      await ui.sut.publishKpiValue('revenue', 13_370_000);
      await updated.waitFor({ timeout: 2_000 }).catch(() => undefined);
    }
    expect(await row.getAttribute('class')).toContain('flash');
    expect(await row.locator('[data-cell=status]').textContent()).toBe('At risk');

    // the held re-fetch completes: status and score follow the new value, still without a reload
    await ui.page.unroute('**/graphql');
    for (const route of held) await route.continue();
    await row.locator('[data-cell=status]', { hasText: /^On target$/ }).waitFor();
    expect(await ui.page.evaluate('window.__sameDocument')).toBe(true);
  });

  it('shows raised alerts live and acknowledges them', async () => {
    const { alert } = await ui.sut.alerts.raise({
      rule: 'status_change',
      kpiId: 'oee_group',
      unitId: 'acme',
      severity: 'warning',
      message: 'OEE Group fell to at risk',
      dedupKey: 'e2e:oee_group',
    });
    ui.sut.bus.publish('alert.raised', {
      alertId: alert.id,
      unitId: 'acme',
      kpiId: 'oee_group',
      rule: alert.rule,
      severity: alert.severity,
      message: alert.message,
      at: alert.raisedAt,
    });

    const item = ui.page.locator(`li[data-alert-id="${alert.id}"]`);
    await item.waitFor();
    expect(await item.locator('.alert-message').textContent()).toBe('OEE Group fell to at risk');
    await item.getByRole('button', { name: 'Acknowledge' }).click();
    await ui.page.locator(`li[data-alert-id="${alert.id}"].alert-acknowledged`).waitFor();
    expect((await ui.sut.alerts.get(alert.id))?.status).toBe('acknowledged');
  });

  it('draws the strategy map with labelled cause→effect links', async () => {
    await ui.page.getByRole('tab', { name: 'Strategy map' }).click();
    await ui.page.locator('svg.strategy-map path.link').first().waitFor();

    expect(await ui.page.locator('svg.strategy-map path.link').count()).toBe(demo.links.length);
    expect(await ui.page.locator('svg.strategy-map .objective-node').count()).toBe(demo.objectives.length);
    const measured = ui.page.locator('path.link.significant');
    expect(await measured.count()).toBe(1);
    expect(await measured.getAttribute('data-link')).toBe('build_skills->first_time_right');
    const labels = await ui.page.locator('.link-label text').allTextContents();
    expect(labels).toContain('90d hyp · meas 84 d r=-0.62 p=0.004 ✓');
    expect(labels.filter((l) => l.includes('not measured yet'))).toHaveLength(demo.links.length - 1);
    await ui.page.screenshot({ path: join(shots, 'strategy-map.png'), fullPage: true });
    await ui.page.getByRole('tab', { name: 'Scorecard' }).click();
  });

  it('opens a KPI drawer with history, the forecast fan and the period-end probability', async () => {
    await kpiRow(ui.page, 'revenue').getByRole('button', { name: 'Revenue' }).click();
    const drawer = ui.page.getByRole('dialog', { name: 'Revenue' });
    const chart = drawer.locator('.forecast-chart[data-chart=drawn]');
    await chart.waitFor();
    const sut = await probeForecastChart(chart);

    // the 95 % band outside the 80 % one, both filled between their bounds
    expect(sut.bands).toEqual([
      ['upper95', 'lower95'],
      ['upper80', 'lower80'],
    ]);
    expect(sut.series.lower80.filter((v) => v !== null).length).toBeGreaterThan(0);
    expect(sut.series.history.filter((v) => v !== null).length).toBeGreaterThanOrEqual(4);
    expect(sut.historyDots).toBe(true);
    expect(await drawer.locator('.period-end').textContent()).toContain('42 %');
    // the fake's revenue forecast rests on history still arriving
    const badge = drawer.locator('.badge.provisional');
    expect(await badge.textContent()).toBe('provisional');
    expect(await badge.getAttribute('title')).toBe(PROVISIONAL_REASON);
    expect(sut.labels['period-end-label']).toBe('period end 11.8 M · 42 % to meet target');
    // revenue is cumulative: to date against planned to date, the projection against the full target
    expect(await drawer.locator('.comparison').textContent()).toMatch(
      /^to date \d+(\.\d+)? M EUR vs \d+(\.\d+)? M EUR planned to date$/,
    );
    expect(await drawer.locator('.period-end').textContent()).toMatch(/Projected11\.8 M EUR vs 12 M EUR target/);
    expect(sut.series['planned to date'].filter((v) => v !== null).length).toBeGreaterThanOrEqual(2);
    // the target line is the quarter's period target the facts name (its value follows the calendar quarter)
    const periodTarget = await drawer
      .locator('.facts div', { hasText: /^Period target/ })
      .locator('dd')
      .textContent();
    expect(`${sut.labels['target-label']} EUR`).toBe(`period target ${periodTarget}`);
    expect(sut.series['period target'].every((v) => v !== null && `${v / 1e6} M EUR` === periodTarget)).toBe(true);
    // the cone is drawn in the history's units: it leaves from the last history point...
    expect([sut.first.forecast.t, sut.first.forecast.value]).toEqual([sut.last.history.t, sut.last.history.value]);
    // ...and ends where the period-end projection is marked, on the drawn scales
    // (the forecast's last point is the period's end, the marker its last millisecond)
    expect(Math.abs(sut.last.forecast.t - sut.last['period end'].t)).toBeLessThanOrEqual(0.001);
    expect(sut.last.forecast.value).toBeCloseTo(sut.last['period end'].value, 0);
    expect(Math.abs(sut.last.forecast.x - sut.last['period end'].x)).toBeLessThan(1);
    expect(Math.abs(sut.last.forecast.y - sut.last['period end'].y)).toBeLessThan(1);
    await ui.page.screenshot({ path: join(shots, 'kpi-drawer.png') });
    await ui.page.keyboard.press('Escape');
    expect(await drawer.isHidden()).toBe(true);
  });

  it('marks the anomalies received live on the KPI drawer chart', async () => {
    const at = Date.now() - 2 * 86_400_000;
    // the subscription may still be settling: announce a few times (each is one more mark of the same anomaly)
    for (let i = 0; i < LIVE_ATTEMPTS; i++) {
      ui.sut.bus.publish('anomalies.detected', {
        anomalies: [
          {
            kind: 'kpi_change_point',
            kpiId: 'revenue',
            signalId: null,
            ts: at,
            score: 0.61,
            value: 2,
            expected: 1,
            lower: null,
            upper: null,
            periodKey: null,
          },
        ],
        at: Date.now(),
      });
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    await kpiRow(ui.page, 'revenue').getByRole('button', { name: 'Revenue' }).click();
    const drawer = ui.page.getByRole('dialog', { name: 'Revenue' });
    const mark = drawer.locator('.forecast-chart .anomaly-mark.kpi_change_point').first();
    await mark.waitFor();
    expect(await mark.getAttribute('title')).toMatch(/^Anomaly: new level from here, score 0\.61/);
    expect(await drawer.locator('.chart-legend .key.anomaly').count()).toBe(1);
    await ui.page.keyboard.press('Escape');
  });

  it('marks the stored anomalies of the shown range again after a reload', async () => {
    const at = Date.now() - 3 * 86_400_000;
    const unitId = demo.kpis.find((k) => k.id === 'revenue')!.orgUnit;
    await ui.sut.app.get(AnomalyRepository).record([
      {
        kind: 'kpi_interval',
        kpiId: 'revenue',
        signalId: null,
        unitId,
        ts: at,
        score: 0.47,
        value: 2,
        expected: 3,
        lower: 2.5,
        upper: 3.5,
        periodKey: null,
        detectedAt: at,
      },
    ]);
    await ui.page.reload();
    await kpiRow(ui.page, 'revenue').getByRole('button', { name: 'Revenue' }).click();
    const drawer = ui.page.getByRole('dialog', { name: 'Revenue' });
    const mark = drawer.locator('.forecast-chart .anomaly-mark.kpi_interval');
    await mark.waitFor();

    expect(await mark.getAttribute('title')).toMatch(/^Anomaly: outside the 95 % band, score 0\.47/);
    // the change point of the previous test was only announced, never stored: the reload forgot it
    expect(await drawer.locator('.forecast-chart .anomaly-mark').count()).toBe(1);
    await ui.page.keyboard.press('Escape');
  });

  it('drills down to a unit below and back through the unit selector', async () => {
    await ui.page
      .locator('.children')
      .getByRole('button', { name: /Plant North/ })
      .click();
    await ui.page.locator('.summary h1', { hasText: /^Plant North \(Bottling\)$/ }).waitFor();
    expect(ui.page.url()).toContain('#unit=plant-north');
    await ui.page.locator('#unit-select').selectOption('acme');
    await ui.page.locator('.summary h1', { hasText: /^ACME Manufacturing Group$/ }).waitFor();
  });

  it('travels back in time to the end of a day and returns to live', async () => {
    const request = ui.page.waitForRequest((r) => /query Scorecard\b/.test(r.postData() ?? ''));
    const today = new Date().toISOString().slice(0, 10);
    await ui.page.locator('#as-of').fill(today);
    expect((JSON.parse((await request).postData() ?? '{}') as { variables?: unknown }).variables).toEqual({
      unit: 'acme',
      asOf: `${today}T23:59:59.999Z`,
    });
    await ui.page.locator('body.time-travel .summary h1').waitFor();
    expect(await ui.page.locator('.perspective').count()).toBe(4);

    await ui.page.locator('#as-of').fill('');
    await ui.page.locator('body:not(.time-travel) .summary h1').waitFor();
  });

  it('shows a past day as it stood then, and with the corrections received since', async () => {
    // 40 days ago: an order of 2 M EUR known that morning, and one of 0.5 M EUR of the same morning loaded today
    const day = new Date(Date.now() - 40 * 86_400_000).toISOString().slice(0, 10);
    const at = (hour: number) => Date.parse(`${day}T${String(hour).padStart(2, '0')}:00:00Z`);
    const order = (ts: number, value: number) => ({
      signalId: 'erp.order_value',
      ts,
      value,
      quality: 'good' as const,
      source: 'e2e',
    });
    await ui.sut.samples.insertBatch([order(at(10), 2_000_000)], at(10));
    await ui.sut.samples.insertBatch([order(at(11), 500_000)], Date.now());
    const revenue = kpiRow(ui.page, 'revenue').locator('[data-cell=value]');

    await ui.page.locator('#as-of').fill(day);
    // the quarter to that day as known then: 2 M EUR (the demo backfill's orders are not in this test's database)
    await ui.page.locator('[data-testid=known-at]', { hasText: 'as known then' }).waitFor();
    expect(await revenue.textContent()).toBe('2 M EUR');

    await ui.page.locator('#as-corrected').check();
    await ui.page.locator('[data-testid=known-at]', { hasText: /as corrected by/ }).waitFor();
    // 2 M + 0.5 M received today
    expect(await revenue.textContent()).toBe('2.5 M EUR');

    await ui.page.locator('#as-corrected').uncheck();
    await ui.page.locator('#as-of').fill('');
    await ui.page.locator('body:not(.time-travel) .summary h1').waitFor();
    // the live view's render follows the class change: wait for the label to go rather than catch it in between
    await ui.page.locator('[data-testid=known-at]').waitFor({ state: 'detached' });
    expect(await ui.page.locator('[data-testid=known-at]').count()).toBe(0);
  });

  it('never prints the text "null" (absent parts of a view are left out)', async () => {
    // Plant South has no units below it; oee_line3 has no description
    await ui.page.locator('#unit-select').selectOption('plant-south');
    await ui.page.locator('.summary h1', { hasText: /^Plant South/ }).waitFor();
    await kpiRow(ui.page, 'oee_line3').getByRole('button').first().click();
    await ui.page.locator('#kpi-drawer .facts').first().waitFor();

    expect(await ui.page.locator('body').innerText()).not.toMatch(/\bnull\b/);
    await ui.page.keyboard.press('Escape');
    await ui.page.locator('#unit-select').selectOption('acme');
    await ui.page.locator('.summary h1', { hasText: /^ACME Manufacturing Group$/ }).waitFor();
  });

  it('formats numbers for humans', async () => {
    const table: Array<[string, number | null, string, string]> = [
      ['formatValue', 12_345_678, 'EUR', '12.3 M EUR'],
      ['formatValue', 87.43, '%', '87.4 %'],
      ['formatValue', 1234, 'units', '1,234 units'],
      ['formatValue', 0.0123, '', '0.0123'],
      ['formatValue', 2_500_000_000, 'EUR', '2.5 bn EUR'],
      ['formatValue', null, 'EUR', '—'],
      ['formatShare', 0.874, '', '87.4 %'],
      ['formatDuration', 90 * 86_400_000, '', '90 d'],
      ['formatScore', 7.25, '', '7.3'],
    ];
    // a string, so the test transpiler leaves the browser's dynamic import() alone
    const actual = await ui.page.evaluate(`import('/dashboard/js/format.js').then((format) =>
      ${JSON.stringify(table)}.map(([fn, value, unit]) => format[fn](value, unit)))`);
    expect(actual).toEqual(table.map((row) => row[3]));
  });

  it('reads what users paste as a credential', async () => {
    const jwt = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl';
    const table: Array<[string, unknown]> = [
      ['bsc_abc123', { kind: 'apiKey', secret: 'bsc_abc123' }],
      ['  ApiKey bsc_abc123 ', { kind: 'apiKey', secret: 'bsc_abc123' }],
      ['Authorization: ApiKey bsc_abc123', { kind: 'apiKey', secret: 'bsc_abc123' }],
      ['x-api-key: bsc_abc123', { kind: 'apiKey', secret: 'bsc_abc123' }],
      [`Bearer ${jwt}`, { kind: 'jwt', secret: jwt }],
      [jwt, { kind: 'jwt', secret: jwt }],
      ['   ', null],
    ];
    const actual = await ui.page.evaluate(`import('/dashboard/js/credentials.js').then(({ parseCredential }) =>
      ${JSON.stringify(table.map(([input]) => input))}.map((input) => parseCredential(input)))`);
    expect(actual).toEqual(table.map(([, expected]) => expected));
  });

  it('signs in with a viewer JWT as Bearer and offers no acknowledge button', async () => {
    const { alert } = await ui.sut.alerts.raise({
      rule: 'stale',
      kpiId: 'csat',
      unitId: 'sales-service',
      severity: 'critical',
      message: 'CSAT is stale',
      dedupKey: 'e2e:csat',
    });
    const jwt = ui.sut.app.get(Authenticator).signToken('viewer-user', 'viewer', null);
    await ui.page.getByRole('button', { name: 'Sign out' }).click();
    await ui.page.getByLabel('API key or JWT').fill(jwt);
    const sent = ui.page.waitForRequest((r) => r.url().endsWith('/graphql') && r.method() === 'POST');
    await ui.page.getByRole('button', { name: 'Sign in' }).click();
    expect((await sent).headers()['authorization']).toBe(`Bearer ${jwt}`);

    const item = ui.page.locator(`li[data-alert-id="${alert.id}"]`);
    await item.waitFor();
    expect(await item.getByRole('button', { name: 'Acknowledge' }).count()).toBe(0);
    expect(await ui.page.locator('#viewer').textContent()).toBe('viewer-user (viewer)');
  });

  it('starts a unit-scoped user at their own unit', async () => {
    const jwt = ui.sut.app.get(Authenticator).signToken('north-manager', 'strategist', ['plant-north']);
    await ui.page.getByRole('button', { name: 'Sign out' }).click();
    await ui.page.getByLabel('API key or JWT').fill(jwt);
    await ui.page.getByRole('button', { name: 'Sign in' }).click();

    await ui.page.locator('.summary h1', { hasText: /^Plant North \(Bottling\)$/ }).waitFor();
    expect(await ui.page.locator('#unit-select option').allTextContents()).toEqual([
      expect.stringMatching(/^Plant North \(Bottling\) · /),
    ]);
    expect(await ui.page.locator('#unit-select').isDisabled()).toBe(true);
    expect(await ui.page.locator('.perspective h2').allTextContents()).toEqual(PERSPECTIVES);
  });

  it('returns to the sign-in form with a message when the stored key stops working', async () => {
    await ui.page.evaluate(
      `window.localStorage.setItem('bsc.dashboard.credential', '${JSON.stringify({ kind: 'apiKey', secret: 'bsc_revoked' })}')`,
    );
    await ui.page.reload();
    await ui.page.locator('#sign-in-message:not(:empty)').waitFor();
    expect(await ui.page.locator('#sign-in').isVisible()).toBe(true);
    expect(await ui.page.locator('#sign-in-message').textContent()).toContain('unknown or revoked');
  });

  it('fits a phone screen without horizontal page scroll', async () => {
    await ui.page.getByLabel('API key or JWT').fill(adminKey);
    await ui.page.getByRole('button', { name: 'Sign in' }).click();
    await ui.page.setViewportSize({ width: 390, height: 844 });
    await ui.page.locator('.perspective').first().waitFor();
    const overflow = await ui.page.evaluate(
      'document.documentElement.scrollWidth - document.documentElement.clientWidth',
    );
    expect(overflow).toBeLessThanOrEqual(0);
    await ui.page.screenshot({ path: join(shots, 'phone.png'), fullPage: false });
  });
});
