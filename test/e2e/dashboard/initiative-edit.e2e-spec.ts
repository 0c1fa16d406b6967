import { dashboardInChromium } from './dashboard-test-app';

jest.setTimeout(60_000);

describe('Initiatives tab: the update form in Chromium', () => {
  const ui = dashboardInChromium({ role: 'strategist' });

  it('a milestone ticked moves the progress read from the milestones, not the rounded figure the form showed', async () => {
    await ui.page.getByRole('tab', { name: 'Initiatives' }).click();
    const card = ui.page.locator('[data-initiative-id="customer_first"]');
    await card.waitFor();
    // 1 of 3 milestones done and no progress entered: 1 / 3 = 33.3 %
    const progress = card.locator('.facts div', { hasText: /^Progress/ }).locator('dd');
    expect(await progress.textContent()).toBe(' 33.3 %');

    await card.getByText('Update').click();
    await card.getByLabel('Root-cause process for complaints done').check();
    await card.getByRole('button', { name: 'Save initiative' }).click();

    // 2 of 3 done: 2 / 3 = 66.7 %; the form's untouched "33" must not be saved as an entered 0.33
    await card
      .locator('.facts div', { hasText: /^Progress/ })
      .locator('dd', { hasText: /%$/ })
      .first()
      .waitFor();
    await ui.page.waitForFunction(
      `document.querySelector('[data-initiative-id="customer_first"] .milestone-list').textContent.split('✓').length === 3`,
    );
    expect(await progress.textContent()).toBe(' 66.7 %');
    expect(ui.browser.problems).toEqual([]);
  });
});
