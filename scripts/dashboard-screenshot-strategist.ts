import type { Page } from 'playwright-core';

/**
 * The strategist's views for `npm run screenshot:dashboard`: the period commentary under the scorecard, the
 * initiatives tab, the KPI drawer's entry forms and the briefing book's print page. Returns the files written.
 */
export async function captureStrategistViews(
  page: Page,
  shot: (name: string, fullPage: boolean) => Promise<string>,
): Promise<string[]> {
  const files: string[] = [];
  const commentary = page.locator('#commentary');
  await commentary.locator('h2').waitFor();
  await commentary.scrollIntoViewIfNeeded();
  files.push(await shot('commentary.png', false));

  await page.locator('tr[data-kpi-id] button').first().click();
  const work = page.locator('#kpi-drawer .kpi-work');
  await work.locator('h3').waitFor();
  await work.scrollIntoViewIfNeeded();
  files.push(await shot('kpi-entries.png', false));
  await page.keyboard.press('Escape');

  await page.getByRole('tab', { name: 'Initiatives' }).click();
  await page.locator('#initiatives h2').waitFor();
  files.push(await shot('initiatives.png', true));
  await page.getByRole('tab', { name: 'Scorecard' }).click();

  // the print page signs in with the credential the dashboard stored
  const unit = await page.locator('#unit-select').inputValue();
  const period = new Date().toISOString().slice(0, 7);
  const dashboard = page.url();
  await page.goto(new URL(`/briefing?${new URLSearchParams({ unit, period }).toString()}`, dashboard).toString());
  // a locator, not waitForFunction: polling a string predicate is eval, which the page's CSP refuses
  await page.locator('body[data-briefing-ready="true"]').waitFor({ state: 'attached' });
  await page.emulateMedia({ media: 'print' });
  files.push(await shot('briefing.png', true));
  await page.emulateMedia({ media: null });
  await page.goto(dashboard);
  await page.locator('.perspective').first().waitFor();
  return files;
}
