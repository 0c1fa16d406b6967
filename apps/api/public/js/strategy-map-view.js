import { clear, h, s } from './dom.js';
import { formatDuration, statusLabel } from './format.js';
import { mountScenarioPanel } from './scenario-panel.js';

const WIDTH = 1100;
const ROW_HEIGHT = 190;
const LANE_LABEL = 150;
const BOX_W = 170;
const BOX_H = 58;
const BOX_PAD = 7;
// a lane's name runs above its boxes (they sit lower in the lane), so it may be wider than the left margin
const LANE_NAME_MAX = 320;

/** Objective id -> status over a scorecard and the units below it (the map spans the subtree). */
export function objectiveStatuses(card, out = new Map()) {
  for (const p of card.perspectives) for (const o of p.objectives) out.set(o.id, o.status);
  for (const child of card.children ?? []) objectiveStatuses(child, out);
  return out;
}

/**
 * Objectives in perspective lanes (top: the first perspective, usually Financial) and the cause→effect links
 * between them, each labelled with the hypothesised lag and what the data says (measured lag, r, p).
 */
export function renderStrategyMap(root, { map, perspectives, statusByObjective, request }) {
  clear(root);
  const lanes = perspectives.filter((p) => map.objectives.some((o) => o.perspective === p.id));
  const unknown = [...new Set(map.objectives.map((o) => o.perspective))].filter((id) => !lanes.some((l) => l.id === id));
  for (const id of unknown) lanes.push({ id, name: id });
  if (map.objectives.length === 0) {
    root.append(h('p', { class: 'empty' }, 'No objectives in this unit’s strategy map.'));
    return;
  }
  const height = lanes.length * ROW_HEIGHT;
  const pos = layout(map.objectives, lanes, map.links);
  const svg = s(
    'svg',
    { class: 'strategy-map', viewBox: `0 0 ${WIDTH} ${height}`, role: 'img', 'aria-labelledby': 'strategy-map-title' },
    s('title', { id: 'strategy-map-title' }, `Strategy map: ${map.objectives.length} objectives, ${map.links.length} cause→effect links`),
    s('defs', {}, arrow('arrow', 'link-arrow'), arrow('arrow-negative', 'link-arrow negative')),
  );
  // in the document first: labels are measured in the fonts the stylesheet gives them
  root.append(h('div', { class: 'map-scroll' }, svg), legend());
  const measure = textMeasurer();
  const bounds = { x: 0, y: 0, w: WIDTH, h: height };
  const taken = map.objectives.map((o) => boxRect(pos.get(o.id)));
  lanes.forEach((lane, i) => {
    const label = s('text', { x: 12, y: i * ROW_HEIGHT + 24, class: 'lane-label' });
    svg.append(s('rect', { x: 0, y: i * ROW_HEIGHT, width: WIDTH, height: ROW_HEIGHT, class: `lane lane-${i % 2}` }), label);
    const width = fitText(label, lane.name, LANE_NAME_MAX, measure);
    taken.push({ x: 8, y: i * ROW_HEIGHT + 6, w: width + 8, h: 24 });
  });
  const links = s('g', { class: 'links' });
  const labels = s('g', { class: 'link-labels' });
  svg.append(links);
  const nodes = map.objectives.map((o) => objectiveBox(o, pos.get(o.id), statusByObjective.get(o.id)));
  svg.append(...nodes, labels);
  nodes.forEach((node, i) => wrapObjectiveName(node, map.objectives[i].name, measure));
  const curves = [];
  for (const link of map.links) {
    const from = pos.get(link.from);
    const to = pos.get(link.to);
    if (!from || !to) continue;
    const curve = route(from, to);
    const negative = link.polarity === 'negative';
    const cls = ['link', link.significant ? 'significant' : link.points > 0 ? 'estimated' : 'unestimated', negative ? 'negative' : ''].join(' ');
    const d = `M${curve[0].x},${curve[0].y} C${curve[1].x},${curve[1].y} ${curve[2].x},${curve[2].y} ${curve[3].x},${curve[3].y}`;
    links.append(s('path', { d, class: cls, 'marker-end': `url(#${negative ? 'arrow-negative' : 'arrow'})`, 'data-link': `${link.from}->${link.to}` }, s('title', {}, linkTitle(link))));
    curves.push({ link, curve });
  }
  // what the data confirmed gets the best spots: significant links first, then measured ones
  const rank = ({ link }) => (link.significant ? 0 : link.points > 0 ? 1 : 2);
  for (const { link, curve } of curves.sort((a, b) => rank(a) - rank(b))) placeLinkLabel(labels, link, curve, { taken, bounds, measure });
  if (request) mountScenarioPanel(root, { map, request });
}

/** Lanes top-down; within a lane, objectives sit under the mean x of what they link to above (fewer crossings). */
function layout(objectives, lanes, links) {
  const pos = new Map();
  const neighbours = (id) => links.flatMap((l) => (l.from === id ? [l.to] : l.to === id ? [l.from] : []));
  lanes.forEach((lane, row) => {
    const inLane = objectives.filter((o) => o.perspective === lane.id);
    const anchor = (o) => {
      const xs = neighbours(o.id).map((n) => pos.get(n)?.x).filter((x) => x !== undefined);
      return xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : Number.POSITIVE_INFINITY;
    };
    const order = inLane.map((o, i) => ({ o, i, a: anchor(o) })).sort((p, q) => p.a - q.a || p.i - q.i);
    const span = (WIDTH - LANE_LABEL - 20) / inLane.length;
    order.forEach(({ o }, i) => pos.set(o.id, { x: LANE_LABEL + span * i + span / 2, y: row * ROW_HEIGHT + ROW_HEIGHT / 2 + 10, row }));
  });
  return pos;
}

const boxRect = (p) => ({ x: p.x - BOX_W / 2 - 4, y: p.y - BOX_H / 2 - 4, w: BOX_W + 8, h: BOX_H + 8 });
const overlaps = (a, b) => a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;

function bezierAt([p0, p1, p2, p3], t) {
  const u = 1 - t;
  const at = (k) => u * u * u * p0[k] + 3 * u * u * t * p1[k] + 3 * u * t * t * p2[k] + t * t * t * p3[k];
  return { x: at('x'), y: at('y') };
}

/** Effect above cause: leave from the top of the cause, enter the bottom of the effect; same lane: arc over. */
function route(from, to) {
  if (from.row === to.row) {
    const dir = to.x > from.x ? 1 : -1;
    const [x1, x2, y] = [from.x + (dir * BOX_W) / 2, to.x - (dir * BOX_W) / 2, from.y];
    const bend = y - BOX_H;
    return [{ x: x1, y }, { x: x1 + dir * 30, y: bend }, { x: x2 - dir * 30, y: bend }, { x: x2, y }];
  }
  const up = to.row < from.row;
  const y1 = from.y + ((up ? -1 : 1) * BOX_H) / 2;
  const y2 = to.y + ((up ? 1 : -1) * BOX_H) / 2;
  const cy = (y1 + y2) / 2;
  return [{ x: from.x, y: y1 }, { x: from.x, y: cy }, { x: to.x, y: cy }, { x: to.x, y: y2 }];
}

function objectiveBox(o, p, status) {
  return s(
    'g',
    { class: `objective-node status-${status ?? 'none'}`, 'data-objective-id': o.id, transform: `translate(${p.x - BOX_W / 2},${p.y - BOX_H / 2})` },
    s('title', {}, `${o.name} (${statusLabel(status ?? 'no_data')}), ${o.kpis.length} KPI(s)`),
    s('rect', { width: BOX_W, height: BOX_H, rx: 8 }),
  );
}

/** The name in at most two lines that fit the box (measured), the second cut with "…" (the box's title has it all). */
function wrapObjectiveName(node, name, measure) {
  const probe = node.appendChild(s('text', { x: BOX_W / 2, 'text-anchor': 'middle' }));
  const fits = (text) => measure(probe, text) <= BOX_W - BOX_PAD * 2;
  const lines = [];
  let line = '';
  for (const word of name.split(/\s+/)) {
    const next = line ? `${line} ${word}` : word;
    if (line && !fits(next)) {
      lines.push(line);
      line = word;
    } else line = next;
  }
  if (line) lines.push(line);
  const shown = lines.slice(0, 2);
  if (lines.length > 2) shown[1] = `${shown[1]} ${lines.slice(2).join(' ')}`;
  probe.remove();
  shown.forEach((text, i) => {
    const el = node.appendChild(s('text', { x: BOX_W / 2, y: BOX_H / 2 + (i - (shown.length - 1) / 2) * 15 + 4, 'text-anchor': 'middle' }));
    fitText(el, text, BOX_W - BOX_PAD * 2, measure);
  });
}

// where along a link its label may sit, best first; then the same spots a line above or below the curve
const LABEL_SPOTS = [0.5, 0.4, 0.6, 0.3, 0.7, 0.2, 0.8, 0.15, 0.85];
const LABEL_SHIFTS = [0, -18, 18, -36, 36];
const LABEL_H = 16;
const LABEL_PAD = 5;
const GAP = 2;

/**
 * A link's label at the first spot along its curve that stays in the map and covers no box, lane name or other
 * label, all measured in their fonts. Where none is free, the short form (the hypothesised lag) is tried; where that
 * fits nowhere either, no label is drawn: the link's tooltip carries the whole text either way.
 */
function placeLinkLabel(parent, link, curve, { taken, bounds, measure }) {
  const full = linkLabelText(link);
  const short = `${link.hypothesisedLag} hyp${link.significant ? ' ✓' : ''}`;
  const group = parent.appendChild(s('g', { class: `link-label${link.significant ? ' significant' : ''}`, 'data-link': `${link.from}->${link.to}` }));
  const text = s('text', { y: 12, 'text-anchor': 'middle' });
  group.append(text);
  for (const candidate of [full, short]) {
    const width = Math.ceil(measure(text, candidate)) + LABEL_PAD * 2;
    const rect = labelSpots(curve, width).find((r) => inside(r, bounds) && !taken.some((o) => overlaps(grow(r, GAP), o)));
    if (!rect) continue;
    taken.push(rect);
    group.setAttribute('transform', `translate(${rect.x.toFixed(1)},${rect.y.toFixed(1)})`);
    group.prepend(s('rect', { width, height: LABEL_H, rx: 3 }));
    text.setAttribute('x', String(width / 2));
    text.textContent = candidate;
    if (candidate !== full) group.prepend(s('title', {}, full));
    return group;
  }
  group.remove();
  return null;
}

function labelSpots(curve, width) {
  return LABEL_SHIFTS.flatMap((dy) =>
    LABEL_SPOTS.map((t) => {
      const c = bezierAt(curve, t);
      return { x: c.x - width / 2, y: c.y - LABEL_H / 2 + dy, w: width, h: LABEL_H };
    }),
  );
}

function linkLabelText(link) {
  const measured = link.points > 0 && link.measuredLagMs !== null ? `meas ${link.measuredLagMs === 0 ? 'no lag' : formatDuration(link.measuredLagMs)}` : 'not measured yet';
  const stats = link.strength !== null && link.strength !== undefined ? ` r=${link.strength.toFixed(2)}` : '';
  const p = link.pValue !== null && link.pValue !== undefined ? ` p=${pValueText(link.pValue)}` : '';
  return `${link.hypothesisedLag} hyp · ${measured}${stats}${p}${link.significant ? ' ✓' : ''}`;
}

/** Three decimals; below 0.001 "<0.001", not "0.000" (a certainty no test gives). */
const pValueText = (p) => (p < 0.001 ? '<0.001' : p.toFixed(3));

const grow = (r, d) => ({ x: r.x - d, y: r.y - d, w: r.w + 2 * d, h: r.h + 2 * d });
const inside = (r, b) => r.x >= b.x && r.y >= b.y && r.x + r.w <= b.x + b.w && r.y + r.h <= b.y + b.h;

/** Width of a text in an SVG text element's computed font (canvas metrics: no layout needed, hidden tabs work). */
function textMeasurer() {
  const ctx = document.createElement('canvas').getContext('2d');
  return (el, text) => {
    const css = getComputedStyle(el);
    ctx.font = css.fontSize ? `${css.fontStyle} ${css.fontWeight} ${css.fontSize} ${css.fontFamily}` : '12px sans-serif';
    return ctx.measureText(text).width;
  };
}

/** Sets el's text, cut with "…" to maxWidth (the full text then in a title); returns the width drawn. */
function fitText(el, text, maxWidth, measure) {
  let shown = text;
  while (shown.length > 1 && measure(el, shown === text ? shown : `${shown}…`) > maxWidth) shown = shown.slice(0, -1).trimEnd();
  const cut = shown !== text;
  el.textContent = cut ? `${shown}…` : text;
  if (cut) el.append(s('title', {}, text));
  return measure(el, el.firstChild.textContent);
}

function linkTitle(link) {
  const parts = [`${link.from} → ${link.to} (${link.polarity})`, `hypothesised lag ${link.hypothesisedLag}`];
  if (link.hypothesis) parts.push(link.hypothesis);
  if (link.points > 0) {
    const p = link.pValue !== null && link.pValue !== undefined ? pValueText(link.pValue) : '—';
    parts.push(`measured lag ${formatDuration(link.measuredLagMs)}, strength ${link.strength?.toFixed(2) ?? '—'}, p ${p}, ${link.points} paired points`);
    parts.push(link.significant ? 'significant' : 'not significant');
  } else parts.push('not estimated yet');
  return parts.join('\n');
}

function arrow(id, cls) {
  return s('marker', { id, viewBox: '0 0 10 10', refX: 9, refY: 5, markerWidth: 7, markerHeight: 7, orient: 'auto-start-reverse' }, s('path', { d: 'M0,0 L10,5 L0,10 z', class: cls }));
}

function legend() {
  return h(
    'p',
    { class: 'map-legend' },
    h('span', { class: 'key significant' }, 'significant link'),
    h('span', { class: 'key estimated' }, 'measured, not significant'),
    h('span', { class: 'key unestimated' }, 'hypothesis only'),
    h('span', { class: 'key negative' }, 'negative polarity'),
    ' Labels: hypothesised lag · measured lag, correlation r, p-value.',
  );
}
