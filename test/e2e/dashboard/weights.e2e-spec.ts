import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dashboardInChromium } from './dashboard-test-app';

jest.setTimeout(60_000);

/** Each weight edited in the demo model: the demo's own shares, written as weights that do not add up to 1. */
const REWEIGHT: Array<[string, string]> = [
  [
    '{ id: financial, name: Financial, order: 1, weight: 0.3 }',
    '{ id: financial, name: Financial, order: 1, weight: 3 }',
  ],
  ['{ id: customer, name: Customer, order: 2, weight: 0.3 }', '{ id: customer, name: Customer, order: 2, weight: 3 }'],
  [
    '{ id: internal_process, name: Internal Process, order: 3, weight: 0.25 }',
    '{ id: internal_process, name: Internal Process, order: 3, weight: 2.5 }',
  ],
  [
    '{ id: learning_growth, name: Learning & Growth, order: 4, weight: 0.15 }',
    '{ id: learning_growth, name: Learning & Growth, order: 4, weight: 1.5 }',
  ],
  [
    '    weight: 0.6\n    kpis:\n      - { kpi: revenue, weight: 1 }',
    '    weight: 3\n    kpis:\n      - { kpi: revenue, weight: 1 }',
  ],
  [
    '    weight: 0.4\n    kpis:\n      - { kpi: gross_margin, weight: 0.7 }',
    '    weight: 2\n    kpis:\n      - { kpi: gross_margin, weight: 0.7 }',
  ],
];

/** Weights count relative to their siblings' (the scoring divides by their sum): the page writes them as shares. */
describe('Dashboard weights as shares', () => {
  const modelDir = mkdtempSync(join(tmpdir(), 'bsc-dashboard-weights-'));

  beforeAll(() => {
    let model = readFileSync('models/demo/acme-manufacturing.yaml', 'utf8');
    for (const [from, to] of REWEIGHT) {
      expect(model).toContain(from);
      model = model.replace(from, to);
    }
    writeFileSync(join(modelDir, 'acme-weights.yaml'), model);
  });
  const ui = dashboardInChromium({ env: { MODEL_FILE: join(modelDir, 'acme-weights.yaml') }, role: 'viewer' });
  afterAll(() => {
    rmSync(modelDir, { recursive: true, force: true });
  });

  it("writes a perspective's and an objective's weight as its share of its siblings'", async () => {
    // perspectives 3 + 3 + 2.5 + 1.5 = 10: Financial 3/10 = 30 %, Learning & Growth 1.5/10 = 15 % (not 300 %, 150 %)
    const meta = (id: string) => ui.page.locator(`[data-perspective-id="${id}"] .perspective-head .meta`).textContent();
    expect(await meta('financial')).toMatch(/^weight 30 % · /);
    expect(await meta('learning_growth')).toMatch(/^weight 15 % · /);
    // Financial's objectives 3 + 2 = 5: grow revenue 3/5 = 60 %, profitability 2/5 = 40 %
    const weight = (id: string) => ui.page.locator(`[data-objective-id="${id}"] .objective-head .meta`).textContent();
    expect(await weight('grow_revenue')).toBe('weight 60 %');
    expect(await weight('improve_profitability')).toBe('weight 40 %');
    expect(ui.browser.problems).toEqual([]);
  });
});
