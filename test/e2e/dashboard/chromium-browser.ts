import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { CHROMIUM_ARGS, DEFAULT_CHROMIUM } from '../../../scripts/dashboard-screenshot';
import { START_TIMEOUT_MS, trackOpen } from '../../support';

export const CHROMIUM_PATH = DEFAULT_CHROMIUM;

export interface TestBrowser {
  context: BrowserContext;
  /** Page errors and console errors seen so far (a healthy page has none). */
  problems: string[];
  newPage(): Promise<Page>;
  close(): Promise<void>;
}

/** Real headless Chromium (Debian's package) with a fresh profile; fails loudly when it is not installed. */
export function launchTestBrowser(): Promise<TestBrowser> {
  return trackOpen('Chromium', launch());
}

async function launch(): Promise<TestBrowser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `dashboard e2e: no Chromium at ${CHROMIUM_PATH}. These tests drive a real browser: install it (Debian: apt-get install chromium).`,
    );
  }
  const userDataDir = mkdtempSync(join(tmpdir(), 'bsc-dashboard-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: 1440, height: 900 },
  });
  const problems: string[] = [];
  const watch = (page: Page): Page => {
    page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(`console: ${message.text()}`);
    });
    return page;
  };
  return {
    context,
    problems,
    newPage: async () => watch(await context.newPage()),
    close: async () => {
      await context.close();
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

/** A suite's browser and its first page (set once the suite's start has run). */
export interface ChromiumPage {
  browser: TestBrowser;
  page: Page;
}

/**
 * Registers the hooks every browser suite repeats: a fresh Chromium and a page before the suite, closed after it;
 * `noProblemsAfterEach` checks after each test that the page saw no error (true) or none but those matching.
 */
export function chromiumPage({ noProblemsAfterEach }: { noProblemsAfterEach?: boolean | RegExp } = {}): ChromiumPage {
  const ui = {} as ChromiumPage;
  beforeAll(async () => {
    ui.browser = await launchTestBrowser();
    ui.page = await ui.browser.newPage();
  }, START_TIMEOUT_MS);
  afterAll(async () => {
    await ui.browser?.close();
  });
  if (noProblemsAfterEach) {
    const allowed = noProblemsAfterEach instanceof RegExp ? noProblemsAfterEach : null;
    afterEach(() => {
      expect(ui.browser.problems.filter((p) => !allowed?.test(p))).toEqual([]);
    });
  }
  return ui;
}
