import { s } from './dom.js';

const finite = (v) => typeof v === 'number' && Number.isFinite(v);

/** Linear scale [d0, d1] -> [r0, r1]; a flat domain maps to the middle. */
export function scale(d0, d1, r0, r1) {
  const span = d1 - d0;
  return (v) => (span === 0 ? (r0 + r1) / 2 : r0 + ((v - d0) / span) * (r1 - r0));
}

/**
 * A small trend line of recent period values (nulls are gaps); `lastToDate`: the last value is a period's so far,
 * drawn apart (a dashed step to a hollow dot). The label is also the tooltip.
 */
export function sparkline(values, { width = 96, height = 24, label = 'Recent trend', lastToDate = false } = {}) {
  const points = values.map((v, i) => [i, v]).filter(([, v]) => finite(v));
  const svg = s('svg', { class: 'sparkline', width, height, viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-label': label }, s('title', {}, label));
  if (points.length === 0) return svg;
  const ys = points.map(([, v]) => v);
  const x = scale(0, Math.max(1, values.length - 1), 2, width - 3);
  const y = scale(Math.min(...ys), Math.max(...ys), height - 3, 3);
  const xy = ([i, v]) => `${x(i).toFixed(1)},${y(v).toFixed(1)}`;
  const toDate = lastToDate && finite(values[values.length - 1]);
  const solid = toDate ? points.slice(0, -1) : points;
  const [li, lv] = points[points.length - 1];
  if (solid.length > 0) svg.append(s('polyline', { points: solid.map(xy).join(' '), class: 'spark-line' }));
  if (toDate && solid.length > 0) svg.append(s('polyline', { points: [solid[solid.length - 1], points[points.length - 1]].map(xy).join(' '), class: 'spark-to-date' }));
  svg.append(s('circle', { cx: x(li).toFixed(1), cy: y(lv).toFixed(1), r: 2, class: toDate ? 'spark-dot to-date' : 'spark-dot' }));
  return svg;
}

/**
 * The trend of a KPI's last `count` periods, { values, running, cumulative } with `running` the key of the period
 * under way (its value is one to date) or null. A running total (revenue mid-quarter) is short of a whole period's
 * until the period ends: drawn, it reads as a fall, so it is left out (the Value cell shows it against the target
 * planned to date). An average or ratio so far is on the footing of whole periods: drawn, apart and named so.
 */
export function periodTrend({ values, running, cumulative }, count) {
  if (running && cumulative) {
    const shown = values.slice(0, -1).slice(-count);
    return sparkline(shown, { label: `Last ${shown.length} complete periods; ${running} to date is left out (a running total)` });
  }
  const shown = values.slice(-count);
  return sparkline(shown, { label: running ? `Last ${shown.length} periods; ${running} to date` : `Last ${shown.length} periods`, lastToDate: Boolean(running) });
}
