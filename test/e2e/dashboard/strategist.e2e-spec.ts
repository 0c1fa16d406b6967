import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { FiscalCalendar } from '@bsc/kpi';
import { buildProgram } from '../../../apps/cli/src/program';
import { ApiKeyService } from '../../../apps/api/src/auth/api-key.service';
import { probeForecastChart } from './forecast-chart-probe';
import { dashboardInChromium } from './dashboard-test-app';

jest.setTimeout(120_000);

const EXPECTED_CONSOLE = /status of 401/;
const AUTHOR = 'Alice Strategist';
const ANALYSIS = 'Engagement rose after the new onboarding survey.';
const ACTIONS = 'Keep the pulse survey monthly.';
const kpiRow = (page: Page, kpiId: string) => page.locator(`tr[data-kpi-id="${kpiId}"]`);

/** RFC 4180 fields of one line (quoted fields may hold commas and doubled quotes). */
function csvFields(line: string): string[] {
  return [...line.matchAll(/(?:^|,)(?:"((?:[^"]|"")*)"|([^,]*))/g)].map((m) => (m[1] ?? m[2]).replace(/""/g, '"'));
}

function pdfText(file: string): { pages: number; text: string } {
  const info = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
  const pages = Number(/^Pages:\s+(\d+)$/m.exec(info)?.[1]);
  return { pages, text: execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' }) };
}

describe("Strategist's work and the briefing book in Chromium", () => {
  let key: string;
  let viewerKey: string;
  const out = mkdtempSync(join(tmpdir(), 'bsc-briefing-'));
  const month = new Date().toISOString().slice(0, 7);
  /** The book of last month shows its last millisecond. */
  const lastMonthEnd = () => {
    const now = new Date();
    const end = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1) - 1;
    return { end, lastMonth: new Date(end).toISOString().slice(0, 7) };
  };

  /**
   * The engagement survey of last month's quarter, 70, entered the day before that month ended (stored back-dated:
   * the API stamps entries now). Stored before any page reads it, as a past scorecard is cached once computed.
   */
  async function enterLastMonthsSurvey(): Promise<void> {
    const { end } = lastMonthEnd();
    const { model, version } = ui.sut.activeModel.current();
    const quarter = new FiscalCalendar(model.calendar).periodOf(end, 'quarter');
    const enteredAt = end - 86_400_000;
    await ui.sut.kpiValues.appendRevisions(
      [
        {
          kpiId: 'employee_engagement',
          periodKey: quarter.key,
          periodStart: quarter.start,
          periodEnd: quarter.end,
          value: 70,
          asOf: enteredAt,
          computedAt: enteredAt,
          quality: { quality: 'good', coverage: 1, stale: false },
          origin: 'manual',
        },
      ],
      version,
      enteredAt,
      { enteredBy: AUTHOR },
    );
  }

  const ui = dashboardInChromium({ noProblemsAfterEach: EXPECTED_CONSOLE });
  beforeAll(async () => {
    key = (await ui.sut.app.get(ApiKeyService).issue(AUTHOR, 'strategist', null)).key;
    viewerKey = await ui.sut.issueKey('viewer');
    await ui.page.goto(ui.sut.origin);
    await ui.page.getByLabel('API key or JWT').fill(key);
    await ui.page.getByRole('button', { name: 'Sign in' }).click();
    await ui.page.locator('.perspective').first().waitFor();
    await enterLastMonthsSurvey();
  });

  it('shows the key holder by name, not by key id', async () => {
    expect(await ui.page.locator('#viewer').textContent()).toBe(`${AUTHOR} (strategist)`);
  });

  it('enters a manual value with a comment and a target, and the scorecard shows both', async () => {
    await kpiRow(ui.page, 'employee_engagement')
      .getByRole('button', { name: 'Employee engagement index (survey)' })
      .click();
    const drawer = ui.page.getByRole('dialog', { name: 'Employee engagement index (survey)' });
    await drawer.getByLabel(/^Value for /).fill('81');
    await drawer.getByLabel('Comment').fill('survey re-weighted');
    await drawer.getByRole('button', { name: 'Save value' }).click();
    await drawer.locator('.entry-trail li', { hasText: `81 index by ${AUTHOR}` }).waitFor();
    expect(await drawer.locator('.entry-trail li').last().textContent()).toContain('survey re-weighted');

    await drawer.getByLabel(/^Target \(/).fill('80');
    await drawer.getByRole('button', { name: 'Set target' }).click();
    await kpiRow(ui.page, 'employee_engagement').locator('[data-cell=target]', { hasText: '80' }).waitFor();
    expect(await kpiRow(ui.page, 'employee_engagement').locator('[data-cell=value]').textContent()).toBe('81 index');
    await drawer.getByRole('button', { name: 'Close details' }).click();
  });

  it('writes a period commentary and shows it with author and time', async () => {
    await ui.page.getByLabel('About').selectOption('kpi:employee_engagement');
    await ui.page.getByLabel('Analysis').fill(ANALYSIS);
    await ui.page.getByLabel('Actions').fill(ACTIONS);
    await ui.page.getByRole('button', { name: 'Save commentary' }).click();

    const card = ui.page.locator('[data-commentary-for="kpi:employee_engagement"]');
    await card.waitFor();
    expect(await card.locator('h3').textContent()).toMatch(/^Employee engagement index \(survey\) · FY\d{4}-Q[1-4]$/);
    expect(await card.locator('.analysis').textContent()).toBe(`Analysis: ${ANALYSIS}`);
    expect(await card.locator('.actions').textContent()).toBe(`Actions: ${ACTIONS}`);
    expect(await card.locator('.byline').first().textContent()).toMatch(new RegExp(`^${AUTHOR}, \\d`));

    // a second save is a new version: the card shows it, "All versions" both, oldest first
    await ui.page.getByLabel('About').selectOption('kpi:employee_engagement');
    await ui.page.getByLabel('Analysis').fill(`${ANALYSIS} Confirmed by HR.`);
    await ui.page.getByLabel('Actions').fill(ACTIONS);
    await ui.page.getByRole('button', { name: 'Save commentary' }).click();
    await card.locator('.analysis', { hasText: 'Confirmed by HR.' }).waitFor();
    await card.getByText('All versions').click();
    await card.locator('.commentary-versions li').nth(1).waitFor();
    const versions = await card.locator('.commentary-versions li').allTextContents();
    expect(versions).toHaveLength(2);
    expect(versions[0]).toMatch(new RegExp(`^${AUTHOR}, .*: ${ANALYSIS} — ${ACTIONS}$`));
    expect(versions[1]).toMatch(new RegExp(`^${AUTHOR}, .*: ${ANALYSIS} Confirmed by HR\\. — ${ACTIONS}$`));
  });

  it('time travel shows value and commentary as known then, and with later corrections', async () => {
    const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
    const calendar = new FiscalCalendar(ui.sut.activeModel.current().model.calendar);
    // both were entered today: yesterday did not know them; "with later corrections" shows them when the quarter
    // of yesterday is this quarter (on the first day of a quarter yesterday belongs to the one before)
    const sameQuarter =
      calendar.periodOf(Date.parse(`${yesterday}T23:59:59.999Z`), 'quarter').key ===
      calendar.periodOf(Date.now(), 'quarter').key;
    await ui.page.locator('#as-of').fill(yesterday);
    await ui.page.locator('#commentary h2').waitFor();
    await ui.page.locator('#commentary .muted', { hasText: 'As it stood at the time shown.' }).waitFor();

    expect(await ui.page.locator('[data-commentary-for="kpi:employee_engagement"]').count()).toBe(0);
    expect(await kpiRow(ui.page, 'employee_engagement').locator('[data-cell=value]').textContent()).not.toBe(
      '81 index',
    );

    await ui.page.locator('#as-corrected').check();
    if (sameQuarter) {
      await ui.page.locator('[data-commentary-for="kpi:employee_engagement"]').waitFor();
      expect(await kpiRow(ui.page, 'employee_engagement').locator('[data-cell=value]').textContent()).toBe('81 index');
    } else {
      await ui.page.locator('#commentary', { hasText: 'No commentary for this period yet.' }).waitFor();
      expect(await ui.page.locator('[data-commentary-for="kpi:employee_engagement"]').count()).toBe(0);
    }
    await ui.page.locator('#as-of').fill('');
    await ui.page
      .locator('#as-corrected')
      .uncheck({ force: true })
      .catch(() => undefined);
    await ui.page.locator('[data-commentary-for="kpi:employee_engagement"]').waitFor();
  });

  it('lists initiatives with milestones and budget, and records money spent by name', async () => {
    await ui.page.getByRole('tab', { name: 'Initiatives' }).click();
    const tpm = ui.page.locator('[data-initiative-id="tpm_rollout"]');
    await tpm.waitFor();
    expect(await tpm.locator('.milestone-list li').count()).toBe(4);
    expect(await tpm.locator('svg.timeline circle.milestone.done').count()).toBe(2);
    expect(await tpm.textContent()).toContain('250 k EUR budget, spending not reported');
    expect(await tpm.textContent()).toContain(
      'ObjectivesRun Plant North lines reliably, Maximise equipment effectiveness',
    );

    await tpm.getByText('Update').click();
    await tpm.getByLabel('Spent (EUR)').fill('100000');
    await tpm.getByRole('button', { name: 'Save initiative' }).click();
    await tpm.locator('dd', { hasText: '100 k of 250 k EUR spent' }).waitFor();
    const updated = ui.page.locator('[data-initiative-id="tpm_rollout"]');
    expect(await updated.textContent()).toContain(`Last update${AUTHOR}`);

    // as of yesterday the spending recorded today was not reported yet, and the past is not edited
    await ui.page.locator('#as-of').fill(new Date(Date.now() - 86_400_000).toISOString().slice(0, 10));
    await updated.locator('dd', { hasText: '250 k EUR budget, spending not reported' }).waitFor();
    expect(await updated.locator('summary', { hasText: 'Update' }).count()).toBe(0);
    await ui.page.locator('#as-of').fill('');
    await updated.locator('dd', { hasText: '100 k of 250 k EUR spent' }).waitFor();
    await ui.page.getByRole('tab', { name: 'Scorecard' }).click();
  });

  it('refuses writes to a viewer on the server', async () => {
    const response = await fetch(`${ui.sut.origin}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': viewerKey },
      body: JSON.stringify({
        query:
          'mutation { writeCommentary(input: { subjectKind: kpi, subjectId: "employee_engagement", analysis: "x", actions: "" }) { id } }',
      }),
    });
    const body = (await response.json()) as { errors: Array<{ extensions: { code: string } }> };
    expect(body.errors[0].extensions.code).toBe('FORBIDDEN');
  });

  it('downloads the KPI table as CSV from the dashboard', async () => {
    const rows = await ui.page.locator('#scorecard tr[data-kpi-id]').count();
    const download = ui.page.waitForEvent('download');
    await ui.page.getByRole('button', { name: 'KPI table (CSV)' }).click();
    const file = join(out, 'kpis.csv');
    await (await download).saveAs(file);

    const lines = readFileSync(file, 'utf8').trimEnd().split('\r\n');
    expect(lines[0]).toBe(
      'unit,perspective,objective,kpi_id,kpi,period,value,target,to_date_target,unit_of_measure,status,score,predicted_status,expected,probability,commentary,commentary_by',
    );
    expect(lines).toHaveLength(rows + 1);
    const engagement = lines.map(csvFields).find((f) => f[3] === 'employee_engagement')!;
    expect([engagement[0], engagement[6], engagement[7], engagement[9]]).toEqual(['acme', '81', '80', 'index']);
    expect(engagement.slice(-2)).toEqual([`${ANALYSIS} Confirmed by HR.`, AUTHOR]);
  });

  it('exports the briefing book as PDF through bsc report, rendered from the print page', async () => {
    const file = join(out, 'briefing.pdf');
    const stdout: string[] = [];
    const program = buildProgram();
    program.configureOutput({ writeOut: (s) => stdout.push(s) });
    await program.parseAsync(
      ['report', '--unit', 'acme', '--period', month, '--out', file, '--url', ui.sut.origin, '--api-key', key],
      { from: 'user' },
    );

    const { pages, text } = pdfText(file);
    // page 1 holds title and summary; perspectives, KPI charts, commentary, initiatives and the map each start a page
    expect(pages).toBeGreaterThanOrEqual(6);
    expect(text).toContain(`Briefing book · ACME Manufacturing Group · ${month}`);
    for (const heading of [
      'Summary',
      'Perspectives',
      'KPI charts',
      'Commentary for the period',
      'Initiatives',
      'Strategy map',
    ])
      expect(text).toContain(heading);
    expect(text.replace(/\s+/g, ' ')).toContain(`${ANALYSIS} Confirmed by HR.`);
    expect(text).toContain('Total Productive Maintenance roll-out');
    expect(text.replace(/\s+/g, ' ')).toContain(`${AUTHOR},`);
    writeFileSync(join(out, 'briefing.txt'), text);
  });

  it("prints a past period's book at the period's end, without today's forecasts", async () => {
    const now = new Date();
    const lastMonth = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1)).toISOString().slice(0, 7);
    const response = await fetch(`${ui.sut.origin}/reports/briefing-book?unit=acme&period=${lastMonth}&format=pdf`, {
      headers: { 'x-api-key': key },
    });
    expect([response.status, response.headers.get('content-type')]).toEqual([200, 'application/pdf']);
    const file = join(out, 'past.pdf');
    writeFileSync(file, Buffer.from(await response.arrayBuffer()));

    const { pages, text } = pdfText(file);
    // the last millisecond of last month (UTC calendar), shown to the minute
    const end = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1) - 1);
    const day = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeZone: 'UTC' }).format(end);
    expect(pages).toBeGreaterThanOrEqual(6);
    expect(text).toContain(`Briefing book · ACME Manufacturing Group · ${lastMonth}`);
    expect(text).toContain(`Scorecard as of ${day}, 23:59 UTC`);
    expect(text).toContain('KPI charts (to the end of the period)');
    expect(text).not.toContain('to meet target');
  });

  it("heads each chart of a past period's book with the figures of its table, as known then", async () => {
    const { end, lastMonth } = lastMonthEnd();
    const book = await ui.browser.newPage();
    try {
      await book.goto(`${ui.sut.origin}/briefing?unit=acme&period=${lastMonth}&asOf=${new Date(end).toISOString()}`);
      await book.locator('body[data-briefing-ready]').waitFor();
      const chart = book.locator('article.kpi-chart[data-kpi-id="employee_engagement"]');

      // the survey entered then (70), 5 under the model's 75: beyond atRisk (2), within offTarget (7); the 81 and the
      // target 80 entered above came later, and kpi(id) answers for today's period
      expect(await chart.locator('h3').textContent()).toBe(
        'Employee engagement index (survey) — 70 index vs 75 index target At risk',
      );
      expect(await kpiRow(book, 'employee_engagement').locator('[data-cell=value]').textContent()).toBe('70 index');
      // its history as known then: only that survey (the seeded periods were stored today)
      const drawn = await probeForecastChart(chart.locator('.forecast-chart'));
      expect(drawn.series.history.filter((v) => v !== null)).toEqual([70]);
      // the 100 k spent on the roll-out was recorded today: at the end of last month it was not reported yet
      const tpm = book.locator('[data-initiative-id="tpm_rollout"]');
      expect(await tpm.textContent()).toContain('250 k EUR budget, spending not reported');
    } finally {
      await book.close();
    }
  });

  it("heads a phased KPI's chart to date against planned to date, as its table row", async () => {
    const book = await ui.browser.newPage();
    try {
      await book.goto(`${ui.sut.origin}/briefing?unit=acme`);
      await book.locator('body[data-briefing-ready]').waitFor();
      // revenue's target is phased: its value so far is judged against the part of the target due so far (the
      // row's target cell), not against the quarter's full target, which its status is not about
      const row = kpiRow(book, 'revenue');
      const value = await row.locator('[data-cell=value]').textContent();
      const planned = await row.locator('[data-cell=target]').textContent();
      const status = await row.locator('[data-cell=status]').textContent();
      const heading = book.locator('article.kpi-chart[data-kpi-id="revenue"] h3');
      expect(await heading.textContent()).toBe(`Revenue — to date ${value} vs ${planned} planned to date ${status}`);
      // its chart as the drawer's: the path planned to date, and the quarter's full target named "period target"
      // (the row's "planned to date of 12.5 M EUR" is drawn as "period target 12.5 M")
      const drawn = await probeForecastChart(book.locator('article.kpi-chart[data-kpi-id="revenue"] .forecast-chart'));
      const full = (await row.locator('td:has([data-cell=target]) .qualifier').textContent())?.replace(
        /^planned to date of (.*) EUR$/,
        '$1',
      );
      expect(drawn.labels['target-label']).toBe(`period target ${full}`);
      expect(drawn.series['planned to date']?.filter((v) => v !== null).length).toBeGreaterThanOrEqual(2);
    } finally {
      await book.close();
    }
  });

  it("gives a period's target back to the model from the drawer", async () => {
    await kpiRow(ui.page, 'employee_engagement')
      .getByRole('button', { name: 'Employee engagement index (survey)' })
      .click();
    const drawer = ui.page.getByRole('dialog', { name: 'Employee engagement index (survey)' });

    await drawer.getByRole('button', { name: "Use the model's target" }).click();

    // the 80 set above goes; the demo model's target of the KPI is 75
    await kpiRow(ui.page, 'employee_engagement').locator('[data-cell=target]', { hasText: '75' }).waitFor();
    await ui.page.getByText("Model's target restored").waitFor();
    await drawer.getByRole('button', { name: 'Close details' }).click();
  });

  it('answers 401 without credentials and 400 for a period that is not one', async () => {
    const none = await fetch(`${ui.sut.origin}/reports/briefing-book?unit=acme&period=${month}&format=csv`);
    const bad = await fetch(`${ui.sut.origin}/reports/briefing-book?unit=acme&period=November&format=csv`, {
      headers: { 'x-api-key': key },
    });

    expect(none.status).toBe(401);
    expect([bad.status, await bad.text()]).toEqual([
      400,
      "period: 'November' is not a period key like 2026-11, 2026-W47 or FY2026-Q3",
    ]);
  });
});
