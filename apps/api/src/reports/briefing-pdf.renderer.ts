import { Inject, Injectable } from '@nestjs/common';
import { BscError, BscErrorCode } from '@bsc/common';
import { API_CONFIG } from '../config/api-config.token';
import type { ApiConfig } from '../config/api.config';

/** The dashboard keeps its credential under this key (apps/api/public/js/credentials.js). */
const CREDENTIAL_STORAGE_KEY = 'bsc.dashboard.credential';
const RENDER_TIMEOUT_MS = 60_000;
/** Headless without the background connections a closed network refuses. */
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--no-first-run',
  '--disable-background-networking',
];

export interface BriefingCredential {
  kind: 'jwt' | 'apiKey';
  secret: string;
}

/**
 * Prints the dashboard's briefing page to PDF in headless Chromium: the PDF is the page users see, not a second
 * rendering. The page signs in with the caller's own credential, so it shows exactly what the caller may read.
 */
@Injectable()
export class BriefingPdfRenderer {
  constructor(@Inject(API_CONFIG) private readonly config: ApiConfig) {}

  async render(pageUrl: string, credential: BriefingCredential): Promise<Buffer> {
    // loaded on first use: the API starts (and answers everything else) without a browser installed
    const { chromium } = await import('playwright-core').catch((error: Error) => {
      throw new BscError(
        BscErrorCode.Unavailable,
        `briefing book: playwright-core is not installed (${error.message})`,
      );
    });
    const browser = await chromium
      .launch({ executablePath: this.config.CHROMIUM_PATH, args: CHROMIUM_ARGS })
      .catch((error: Error) => {
        throw new BscError(
          BscErrorCode.Unavailable,
          `briefing book: Chromium at ${this.config.CHROMIUM_PATH} did not start (${error.message.split('\n')[0]})`,
        );
      });
    try {
      // our own page under its script-src 'self' policy: the readiness checks below are evaluated strings
      const context = await browser.newContext({ viewport: { width: 1100, height: 1400 }, bypassCSP: true });
      const stored = JSON.stringify(JSON.stringify(credential));
      await context.addInitScript({ content: `localStorage.setItem('${CREDENTIAL_STORAGE_KEY}', ${stored});` });
      const page = await context.newPage();
      await page.goto(pageUrl, { waitUntil: 'load', timeout: RENDER_TIMEOUT_MS });
      await page.waitForFunction(
        'document.body.dataset.briefingReady === "true" || document.body.dataset.briefingError !== undefined',
        undefined,
        { timeout: RENDER_TIMEOUT_MS },
      );
      const failure = await page.evaluate('document.body.dataset.briefingError ?? null');
      if (typeof failure === 'string') throw new BscError(BscErrorCode.BadInput, `briefing book: ${failure}`);
      await page.emulateMedia({ media: 'print' });
      return await page.pdf({
        format: 'A4',
        printBackground: true,
        margin: { top: '12mm', bottom: '14mm', left: '10mm', right: '10mm' },
        displayHeaderFooter: true,
        headerTemplate: '<span></span>',
        footerTemplate:
          '<div style="font-size:8px;width:100%;text-align:center;color:#5b6675"><span class="pageNumber"></span> / <span class="totalPages"></span></div>',
      });
    } finally {
      await browser.close();
    }
  }
}
