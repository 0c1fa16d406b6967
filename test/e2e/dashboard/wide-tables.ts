import type { Page } from 'playwright-core';

export const PHONE = { width: 390, height: 844 };

export interface WideTables {
  /** Tables on screen wider than the viewport. */
  wide: number;
  /** Tables whose first narrower box does not scroll sideways (their right part clipped or pushed off the page). */
  unreachable: string[];
  /** Horizontal scroll of the page itself, in pixels (0 when it fits). */
  pageOverflow: number;
}

// a string, so the test transpiler leaves the browser code alone; the Node tsconfig has no DOM types
const READ_WIDE_TABLES = `(() => {
  const unreachable = [];
  const shown = [...document.querySelectorAll('main table')].filter((t) => t.getClientRects().length > 0);
  for (const table of shown) {
    let box = table.parentElement;
    while (box && box.clientWidth >= table.offsetWidth) box = box.parentElement;
    const overflow = box ? getComputedStyle(box).overflowX : 'none';
    if (!box || box === document.body || box === document.documentElement || !['auto', 'scroll'].includes(overflow))
      unreachable.push(table.className + ' in ' + (box ? box.tagName + '.' + box.className + ' (' + overflow + ')' : 'the page'));
  }
  const root = document.documentElement;
  return {
    wide: shown.filter((t) => t.offsetWidth > root.clientWidth).length,
    unreachable,
    pageOverflow: root.scrollWidth - root.clientWidth,
  };
})()`;

/** How the tables of the visible view fit the screen: each wider one must scroll inside its own box. */
export function readWideTables(page: Page): Promise<WideTables> {
  return page.evaluate<WideTables>(READ_WIDE_TABLES);
}
