import { h, replace, s } from './dom.js';
import { formatNumber, formatValue } from './format.js';
import { scale } from './charts.js';

export const KPI_ATTRIBUTION = `query KpiAttribution($id: ID!, $from: String!, $to: String!) {
  kpi(id: $id) { attribution(from: $from, to: $to) {
    from { periodKey value } to { periodKey value }
    change corrections targetChange modelChange
    parts { term contribution parts { inputId contribution } }
    byUnit { id contribution }
  } }
}`;

const W = 680;
const BAR_H = 22;
const GAP = 6;
const PAD = { left: 220, right: 90, top: 8, bottom: 8 };
const COLOURS = { total: '#5b6b82', up: '#2e8b57', down: '#c0392b' };

/**
 * "Why it changed": the last two closed periods of the KPI compared (or the previous one against the running one,
 * named "to date": its value is one so far), the change split over the formula's inputs and drawn as a waterfall
 * from the earlier value to the later one.
 */
export async function mountAttribution(container, kpi, request) {
  const pair = periodsToCompare(kpi);
  if (!pair || !kpi.formula) return;
  const toDate = pair[1] === kpi.periodKey;
  const section = h('section', { class: 'attribution' }, h('h3', {}, `Why it changed: ${pair[0]} → ${periodLabel(pair[1], toDate)}`));
  const slot = h('p', { class: 'muted' }, 'Splitting the change over the inputs…');
  section.append(slot);
  container.append(section);
  try {
    const { kpi: found } = await request(KPI_ATTRIBUTION, { id: kpi.id, from: pair[0], to: pair[1] });
    const a = found?.attribution;
    if (!a) throw new Error('no attribution');
    replace(slot, waterfall(a, kpi.unit, toDate));
    slot.className = '';
    section.append(notes(a, kpi.unit));
  } catch (error) {
    slot.textContent = `No attribution: ${error.message ?? error}`;
  }
}

/** Keys of the two periods to compare: the last two closed ones, else the previous and the running one. */
export function periodsToCompare(kpi) {
  const keys = kpi.history.filter((p) => typeof p.value === 'number').map((p) => p.periodKey);
  const closed = keys.filter((k) => k !== kpi.periodKey);
  if (closed.length >= 2) return closed.slice(-2);
  if (closed.length === 1 && keys.includes(kpi.periodKey)) return [closed[0], kpi.periodKey];
  return null;
}

/**
 * Bars: the earlier value, one floating bar per input (green up, red down), the formula change when the model changed
 * between the periods (the parts split the earlier formula: parts + modelChange = change), the later value (`toDate`:
 * the running period's so far).
 */
export function waterfallBars(a, { toDate = false } = {}) {
  const bars = [{ label: a.from.periodKey, start: 0, end: a.from.value, kind: 'total' }];
  let level = a.from.value;
  const steps = [...a.parts.map((p) => ({ label: p.term, delta: p.contribution })), { label: 'formula change', delta: a.modelChange ?? 0 }];
  for (const { label, delta } of steps) {
    if (delta === 0) continue;
    bars.push({ label, start: level, end: level + delta, kind: delta > 0 ? 'up' : 'down', delta });
    level += delta;
  }
  bars.push({ label: periodLabel(a.to.periodKey, toDate), start: 0, end: a.to.value, kind: 'total' });
  return bars;
}

function waterfall(a, unit, toDate) {
  const bars = waterfallBars(a, { toDate });
  const height = PAD.top + PAD.bottom + bars.length * (BAR_H + GAP);
  const values = bars.flatMap((b) => [b.start, b.end]);
  const x = scale(Math.min(0, ...values), Math.max(0, ...values), PAD.left, W - PAD.right);
  const svg = s('svg', { class: 'attribution-waterfall', viewBox: `0 0 ${W} ${height}`, role: 'img', 'aria-label': `Change from ${a.from.periodKey} to ${periodLabel(a.to.periodKey, toDate)} by input` });
  bars.forEach((bar, i) => {
    const y = PAD.top + i * (BAR_H + GAP);
    const [x0, x1] = [x(Math.min(bar.start, bar.end)), x(Math.max(bar.start, bar.end))];
    const text = bar.kind === 'total' ? formatValue(bar.end, unit) : `${bar.delta > 0 ? '+' : ''}${formatNumber(bar.delta)}`;
    svg.append(
      s('text', { x: PAD.left - 8, y: y + BAR_H / 2 + 4, 'text-anchor': 'end', 'font-size': 12 }, truncate(bar.label, 34)),
      s('rect', { x: x0.toFixed(1), y, width: Math.max(1, x1 - x0).toFixed(1), height: BAR_H, fill: COLOURS[bar.kind], 'data-kind': bar.kind }),
      s('text', { x: (x1 + 6).toFixed(1), y: y + BAR_H / 2 + 4, 'font-size': 12 }, text),
    );
  });
  return svg;
}

function notes(a, unit) {
  const items = [h('li', {}, `Change ${signed(a.change)} ${unit ?? ''}`.trim())];
  if (a.byUnit.length > 0) items.push(h('li', {}, `By unit: ${a.byUnit.map((g) => `${g.id} ${signed(g.contribution)}`).join(', ')}`));
  if (typeof a.corrections === 'number' && a.corrections !== 0) items.push(h('li', {}, `Data corrections since ${a.from.periodKey} was reported: ${signed(a.corrections)}`));
  if (typeof a.targetChange === 'number' && a.targetChange !== 0) items.push(h('li', {}, `Target moved ${signed(a.targetChange)}`));
  return h('ul', { class: 'attribution-notes' }, items);
}

// named as the charts name a period still under way
const periodLabel = (key, toDate) => (toDate ? `${key} to date` : key);
const signed = (v) => `${v > 0 ? '+' : ''}${formatNumber(v)}`;
const truncate = (text, n) => (text.length > n ? `${text.slice(0, n - 1)}…` : text);
