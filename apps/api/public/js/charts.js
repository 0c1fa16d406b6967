import { s } from './dom.js';

const finite = (v) => typeof v === 'number' && Number.isFinite(v);

/** Linear scale [d0, d1] -> [r0, r1]; a flat domain maps to the middle. */
export function scale(d0, d1, r0, r1) {
  const span = d1 - d0;
  return (v) => (span === 0 ? (r0 + r1) / 2 : r0 + ((v - d0) / span) * (r1 - r0));
}

/** A small trend line of recent period values (nulls are gaps). */
export function sparkline(values, { width = 96, height = 24, label = 'Recent trend' } = {}) {
  const points = values.map((v, i) => [i, v]).filter(([, v]) => finite(v));
  const svg = s('svg', { class: 'sparkline', width, height, viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-label': label });
  if (points.length === 0) return svg;
  const ys = points.map(([, v]) => v);
  const x = scale(0, Math.max(1, values.length - 1), 2, width - 3);
  const y = scale(Math.min(...ys), Math.max(...ys), height - 3, 3);
  const path = points.map(([i, v]) => `${x(i).toFixed(1)},${y(v).toFixed(1)}`).join(' ');
  const [li, lv] = points[points.length - 1];
  svg.append(s('polyline', { points: path, class: 'spark-line' }), s('circle', { cx: x(li).toFixed(1), cy: y(lv).toFixed(1), r: 2, class: 'spark-dot' }));
  return svg;
}
