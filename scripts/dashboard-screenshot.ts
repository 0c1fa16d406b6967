/*
 * Screenshots and load figures of the dashboard of a running API (or platform) in headless Chromium:
 *   node dist/scripts/dashboard-screenshot.js --url http://localhost:3000 --key <API key or JWT> [--out DIR]
 *     [--chromium /usr/bin/chromium]
 * Writes scorecard.png, strategy-map.png, kpi-drawer.png, commentary.png, kpi-entries.png, initiatives.png,
 * briefing.png, twin-explorer.png, data-sources.png and phone.png to DIR (default: a new temp dir) and prints ONE
 * JSON line of figures: milliseconds from navigation to the rendered scorecard and strategy map, to the explorer's
 * tree and a signal's trend, requests and bytes the page loaded.
 * The data-sources view needs an engineer's (or admin's) credential; other roles see its refusal.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { chromium, type Page } from 'playwright-core';
import { captureStrategistViews } from './dashboard-screenshot-strategist';

/** Debian's Chromium, started headless without the background connections a closed network refuses. */
export const DEFAULT_CHROMIUM = '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
const DESKTOP = { width: 1440, height: 900 };
const PHONE = { width: 390, height: 844 };
const RENDER_TIMEOUT_MS = 30_000;

export interface CaptureOptions {
  url: string;
  credential: string;
  outDir: string;
  chromiumPath?: string;
}

export interface CaptureFigures {
  /** Navigation start to the four perspectives on screen (sign-in typed by the script included). */
  scorecardMs: number;
  /** Click on the tab to the drawn links. */
  strategyMapMs: number;
  /** Click on a KPI to the forecast chart. */
  kpiDrawerMs: number;
  /** Click on the tab to the tree's first level. */
  twinExplorerMs: number;
  /** Click on a signal to its drawn trend (null when the walk found no signal). */
  signalTrendMs: number | null;
  requests: number;
  bytes: number;
  perspectives: number;
  kpiRows: number;
  mapLinks: number;
  screenshots: string[];
}

export async function captureDashboard(options: CaptureOptions): Promise<CaptureFigures> {
  const executablePath = options.chromiumPath ?? DEFAULT_CHROMIUM;
  if (!existsSync(executablePath))
    throw new Error(`no Chromium at ${executablePath} (Debian: apt-get install chromium; or pass --chromium PATH)`);
  mkdirSync(options.outDir, { recursive: true });
  const profile = mkdtempSync(join(tmpdir(), 'bsc-dashboard-shot-profile-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: DESKTOP,
  });
  try {
    const page = await context.newPage();
    page.setDefaultTimeout(RENDER_TIMEOUT_MS);
    let requests = 0;
    let bytes = 0;
    page.on('requestfinished', (request) => {
      requests++;
      void request.sizes().then(
        (s) => (bytes += s.responseBodySize + s.responseHeadersSize),
        () => undefined,
      );
    });
    const shot = async (name: string, fullPage: boolean): Promise<string> => {
      const path = join(options.outDir, name);
      await page.screenshot({ path, fullPage });
      return path;
    };

    const t0 = performance.now();
    await page.goto(options.url);
    await page.getByLabel('API key or JWT').fill(options.credential);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await Promise.race([page.locator('.perspective').first().waitFor(), failOnSignInMessage(page)]);
    const scorecardMs = performance.now() - t0;
    const screenshots = [await shot('scorecard.png', true)];
    const perspectives = await page.locator('.perspective').count();
    const kpiRows = await page.locator('tr[data-kpi-id]').count();

    const t1 = performance.now();
    await page.getByRole('tab', { name: 'Strategy map' }).click();
    await page.locator('svg.strategy-map').waitFor();
    const strategyMapMs = performance.now() - t1;
    const mapLinks = await page.locator('svg.strategy-map path.link').count();
    screenshots.push(await shot('strategy-map.png', true));
    await page.getByRole('tab', { name: 'Scorecard' }).click();

    const t2 = performance.now();
    await page.locator('tr[data-kpi-id] button').first().click();
    await page.locator('#kpi-drawer .forecast-chart[data-chart=drawn]').waitFor();
    const kpiDrawerMs = performance.now() - t2;
    screenshots.push(await shot('kpi-drawer.png', false));
    await page.keyboard.press('Escape');
    screenshots.push(...(await captureStrategistViews(page, shot)));

    const t3 = performance.now();
    await page.getByRole('tab', { name: 'Twin explorer' }).click();
    await page.locator('#twin-explorer [role=tree] > li').first().waitFor();
    const twinExplorerMs = performance.now() - t3;
    const signalTrendMs = await openFirstSignal(page);
    screenshots.push(await shot('twin-explorer.png', true));

    await page.getByRole('tab', { name: 'Data sources' }).click();
    await page.locator('#data-sources h2, #notice:not([hidden])').first().waitFor();
    screenshots.push(await shot('data-sources.png', true));
    await page.getByRole('tab', { name: 'Scorecard' }).click();

    await page.setViewportSize(PHONE);
    screenshots.push(await shot('phone.png', false));
    return {
      scorecardMs: round(scorecardMs),
      strategyMapMs: round(strategyMapMs),
      kpiDrawerMs: round(kpiDrawerMs),
      twinExplorerMs: round(twinExplorerMs),
      signalTrendMs: signalTrendMs === null ? null : round(signalTrendMs),
      requests,
      bytes,
      perspectives,
      kpiRows,
      mapLinks,
      screenshots,
    };
  } finally {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  }
}

/** Expands the tree depth-first (first collapsed unit, process or asset) until a signal shows, then opens its trend. */
async function openFirstSignal(page: Page, maxExpansions = 12): Promise<number | null> {
  const tree = page.locator('#twin-explorer [role=tree]');
  for (let i = 0; i < maxExpansions; i++) {
    const signal = tree.locator('li[data-kind=signal] .node').first();
    if ((await signal.count()) > 0) {
      const started = performance.now();
      await signal.click();
      await page.locator('#twin-explorer .trend[data-state=drawn]').waitFor();
      return performance.now() - started;
    }
    const collapsed = tree
      .locator('li[aria-expanded=false]:is([data-kind=unit], [data-kind=process], [data-kind=asset])')
      .first();
    if ((await collapsed.count()) === 0) return null;
    // by id: the "first collapsed" locator moves on once this one expands
    const id = await collapsed.getAttribute('data-node-id');
    const item = tree.locator(`li[data-node-id="${id}"]`).first();
    await item.locator(':scope > .row .toggle').click();
    await item.locator(':scope > ul[role=group] > li').first().waitFor();
  }
  return null;
}

/** Rejects as soon as the page shows a sign-in error, with the page's own words. */
async function failOnSignInMessage(page: Page): Promise<never> {
  const message = page.locator('#sign-in-message:not(:empty)');
  await message.waitFor();
  throw new Error(`the dashboard refused the credential: ${await message.textContent()}`);
}

const round = (ms: number): number => Math.round(ms * 10) / 10;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      url: { type: 'string', default: 'http://localhost:3000' },
      key: { type: 'string' },
      out: { type: 'string' },
      chromium: { type: 'string' },
    },
  });
  if (!values.key) throw new Error('--key is required: the API key printed at first start, or a JWT');
  const outDir = values.out ?? mkdtempSync(join(tmpdir(), 'bsc-dashboard-shots-'));
  const figures = await captureDashboard({
    url: values.url ?? 'http://localhost:3000',
    credential: values.key,
    outDir,
    chromiumPath: values.chromium,
  });
  process.stdout.write(`screenshots: ${figures.screenshots.join(', ')}\n`);
  process.stdout.write(`${JSON.stringify(figures)}\n`);
}

if (require.main === module) {
  main().catch((error: unknown) => {
    process.stderr.write(`dashboard-screenshot: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  });
}
