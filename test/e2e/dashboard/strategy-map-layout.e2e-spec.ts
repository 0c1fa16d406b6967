import { loadValidModelFromFile, type TwinModel } from '@bsc/twin';
import { dashboardInChromium } from './dashboard-test-app';
import { PHONE, readWideTables } from './wide-tables';

jest.setTimeout(60_000);

const DESKTOP = { width: 1440, height: 900 };

interface Box {
  name: string;
  x: number;
  y: number;
  w: number;
  h: number;
}

/** Boxes on screen (CSS pixels) of what the map writes, read in the page. */
interface MapBoxes {
  /** Lane names, each line of an objective's name and each link label (its framed group). */
  labels: Box[];
  /** Objective boxes: link labels may not cover them. */
  objectives: Box[];
  /** Each link label's text against its own frame. */
  frames: Array<{ text: Box; frame: Box }>;
  map: Box;
}

// a string, so the test transpiler leaves the browser code alone; the Node tsconfig has no DOM types
const READ_MAP_BOXES = `(() => {
  const svg = document.querySelector('svg.strategy-map');
  const name = (el) => (el.closest('[data-link]')?.getAttribute('data-link') ?? el.closest('[data-objective-id]')?.getAttribute('data-objective-id') ?? '') + ' ' + el.textContent;
  const box = (el) => { const r = el.getBoundingClientRect(); return { name: name(el), x: r.left, y: r.top, w: r.width, h: r.height }; };
  return {
    labels: [...svg.querySelectorAll('.lane-label, .objective-node text, g.link-label')].map(box),
    objectives: [...svg.querySelectorAll('.objective-node rect')].map(box),
    frames: [...svg.querySelectorAll('g.link-label')].map((g) => ({ text: box(g.querySelector('text')), frame: box(g.querySelector('rect')) })),
    map: box(svg),
  };
})()`;

const intersect = (a: Box, b: Box): boolean => a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
const within = (inner: Box, outer: Box): boolean =>
  inner.x >= outer.x - 0.5 &&
  inner.y >= outer.y - 0.5 &&
  inner.x + inner.w <= outer.x + outer.w + 0.5 &&
  inner.y + inner.h <= outer.y + outer.h + 0.5;

/** Every pair of boxes that intersect, by name (empty when none do). */
function collisions(boxes: Box[], others: Box[] = boxes): string[] {
  const found: string[] = [];
  boxes.forEach((a, i) =>
    others.forEach((b, j) => {
      if ((others !== boxes || j > i) && intersect(a, b)) found.push(`${a.name} × ${b.name}`);
    }),
  );
  return found;
}

describe('Strategy map labels and wide tables on a phone in Chromium', () => {
  let demo: TwinModel;

  const ui = dashboardInChromium({ role: 'admin', noProblemsAfterEach: true });
  beforeAll(async () => {
    demo = await loadValidModelFromFile('models/demo/acme-manufacturing.yaml');
  });

  it.each([
    ['desktop', DESKTOP],
    ['phone', PHONE],
  ])('lays out the demo map on a %s with no two labels overlapping', async (_name, viewport) => {
    await ui.page.setViewportSize(viewport);
    await ui.page.reload();
    await ui.page.getByRole('tab', { name: 'Strategy map' }).click();
    await ui.page.locator('svg.strategy-map g.link-label').first().waitFor();
    const boxes = await ui.page.evaluate<MapBoxes>(READ_MAP_BOXES);

    // 4 lanes, at least one line per objective and a label per link (the demo map has room for all of them)
    expect(boxes.labels.length).toBeGreaterThanOrEqual(4 + demo.objectives.length + demo.links.length);
    expect(boxes.frames).toHaveLength(demo.links.length);
    expect(collisions(boxes.labels)).toEqual([]);
    const linkLabels = boxes.frames.map((f) => f.frame);
    expect(collisions(linkLabels, boxes.objectives)).toEqual([]);
    // measured, not guessed: each label's text inside its frame, and nothing cut at the map's edge
    expect(boxes.frames.filter((f) => !within(f.text, f.frame)).map((f) => f.text.name)).toEqual([]);
    expect(boxes.labels.filter((b) => !within(b, boxes.map)).map((b) => b.name)).toEqual([]);
  });

  it('scrolls the wide KPI tables on a phone inside their own box instead of clipping them', async () => {
    await ui.page.setViewportSize(PHONE);
    await ui.page.getByRole('tab', { name: 'Scorecard' }).click();
    await ui.page.locator('table.kpis').first().waitFor();
    const tables = await readWideTables(ui.page);

    expect(tables.wide).toBeGreaterThan(0);
    expect(tables.unreachable).toEqual([]);
    expect(tables.pageOverflow).toBeLessThanOrEqual(0);
  });

  it("scrolls the what-if panel's table on a phone inside its own box", async () => {
    await ui.page.setViewportSize(PHONE);
    await ui.page.getByRole('tab', { name: 'Strategy map' }).click();
    const panel = ui.page.locator('.scenario-panel');
    await panel.waitFor();
    await panel.locator('#scenario-driver').selectOption('oee_line2');
    await panel.locator('#scenario-number').fill('5');
    await panel.locator('#scenario-number').dispatchEvent('change');
    await panel.locator('table.scenario-table tr[data-kpi-id="oee_line2"]').waitFor();
    const tables = await readWideTables(ui.page);

    expect(tables.wide).toBeGreaterThan(0);
    expect(tables.unreachable).toEqual([]);
    expect(tables.pageOverflow).toBeLessThanOrEqual(0);
  });
});
