import { s } from './dom.js';
import { formatDate, formatNumber } from './format.js';

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

const W = 680;
const MAX_DOTS = 60;
const H = 280;
const PAD = { left: 64, right: 16, top: 16, bottom: 32 };

/**
 * History (solid line), forecast mean (dashed) with its 80 % and 95 % bands, the target as a horizontal line, the
 * planned to-date path of a phased target (dotted) and the period-end expectation with its 80 % range at the
 * period's end. All in the KPI's unit: history and forecast are period(-to-date) values.
 * history: [{ time, value }], forecast: [{ time, mean, lower80, upper80, lower95, upper95 }],
 * targetPath: [{ time, value }], periodEnd: { time, expected, lower80, upper80, probability } | null,
 * anomalies: [{ time, kind, signalId, score, value }] (marks: a KPI value outside its band at the value, others on top)
 */
export function forecastChart({ history, forecast, target, targetLabel = 'target', targetPath = [], periodEnd = null, anomalies = [], now = Date.now(), label }) {
  const svg = s('svg', { class: 'forecast-chart', viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-label': label });
  const hist = history.filter((p) => finite(p.value));
  const times = [...hist.map((p) => p.time), ...forecast.map((p) => p.time), ...targetPath.map((p) => p.time), ...(periodEnd ? [periodEnd.time] : [])];
  if (times.length === 0) {
    svg.append(s('text', { x: W / 2, y: H / 2, class: 'chart-empty', 'text-anchor': 'middle' }, 'No history yet'));
    return svg;
  }
  const values = [...hist.map((p) => p.value), ...forecast.flatMap((p) => [p.lower95, p.upper95, p.mean])];
  if (finite(target)) values.push(target);
  values.push(...targetPath.map((p) => p.value));
  if (periodEnd) values.push(periodEnd.lower80, periodEnd.upper80, periodEnd.expected);
  let [lo, hi] = [Math.min(...values), Math.max(...values)];
  const margin = (hi - lo) * 0.08 || Math.abs(hi) * 0.1 || 1;
  [lo, hi] = [lo - margin, hi + margin];
  const x = scale(Math.min(...times), Math.max(...times), PAD.left, W - PAD.right);
  const y = scale(lo, hi, H - PAD.bottom, PAD.top);

  svg.append(axes(x, y, lo, hi, Math.min(...times), Math.max(...times)));
  if (now > Math.min(...times) && now < Math.max(...times)) {
    svg.append(s('line', { x1: x(now), x2: x(now), y1: PAD.top, y2: H - PAD.bottom, class: 'now-line' }), s('text', { x: x(now) + 4, y: PAD.top + 10, class: 'now-label' }, 'now'));
  }
  if (forecast.length > 0) {
    svg.append(
      s('path', { d: band(forecast, x, y, 'lower95', 'upper95'), class: 'band-95' }),
      s('path', { d: band(forecast, x, y, 'lower80', 'upper80'), class: 'band-80' }),
    );
    const last = hist[hist.length - 1];
    const mean = [...(last ? [[last.time, last.value]] : []), ...forecast.map((p) => [p.time, p.mean])];
    svg.append(s('polyline', { points: line(mean, x, y), class: 'forecast-mean' }));
  }
  if (finite(target)) {
    svg.append(
      s('line', { x1: PAD.left, x2: W - PAD.right, y1: y(target), y2: y(target), class: 'target-line' }),
      s('text', { x: PAD.left + 4, y: y(target) - 4, class: 'target-label' }, `${targetLabel} ${formatNumber(target)}`),
    );
  }
  if (targetPath.length > 1) {
    svg.append(s('polyline', { points: line(targetPath.map((p) => [p.time, p.value]), x, y), class: 'target-path' }, s('title', {}, 'planned to date')));
  }
  if (periodEnd) svg.append(periodEndMarker(periodEnd, x, y));
  svg.append(s('polyline', { points: line(hist.map((p) => [p.time, p.value]), x, y), class: 'history-line' }));
  // dots only while they stay apart (a daily KPI over a year is a line)
  if (hist.length <= MAX_DOTS) for (const p of hist) svg.append(s('circle', { cx: x(p.time), cy: y(p.value), r: 3, class: 'history-dot' }, s('title', {}, `${p.label}: ${formatNumber(p.value)}`)));
  const [t0, t1] = [Math.min(...times), Math.max(...times)];
  for (const a of anomalies.filter((m) => m.time >= t0 && m.time <= t1)) svg.append(anomalyMark(a, x, y, lo, hi));
  return svg;
}

const ANOMALY_WHAT = { signal: 'input signal', kpi_interval: 'outside the 95 % band', kpi_change_point: 'new level from here' };

/** A triangle at the anomaly's time: at the value for a KPI value outside its band, on top of the plot otherwise. */
function anomalyMark(a, x, y, lo, hi) {
  const onValue = a.kind === 'kpi_interval' && finite(a.value) && a.value >= lo && a.value <= hi;
  const [cx, cy] = [x(a.time), onValue ? y(a.value) : PAD.top];
  const what = a.kind === 'signal' ? `${ANOMALY_WHAT.signal} ${a.signalId}` : ANOMALY_WHAT[a.kind];
  return s(
    'g',
    { class: `anomaly-mark ${a.kind}` },
    s('line', { x1: cx, x2: cx, y1: PAD.top, y2: H - PAD.bottom }),
    s('path', { d: `M${cx},${cy + 6}L${cx + 5},${cy - 3}L${cx - 5},${cy - 3}Z` }),
    s('title', {}, `Anomaly: ${what}, score ${a.score.toFixed(2)} (${new Date(a.time).toISOString().slice(0, 16).replace('T', ' ')})`),
  );
}

function periodEndMarker(end, x, y) {
  const [cx, cy] = [x(end.time), y(end.expected)];
  const probability = finite(end.probability) ? ` · ${Math.round(end.probability * 100)} % to meet target` : '';
  return s(
    'g',
    { class: 'period-end-marker' },
    s('line', { x1: cx, x2: cx, y1: y(end.lower80), y2: y(end.upper80) }),
    s('line', { x1: cx - 5, x2: cx + 5, y1: y(end.lower80), y2: y(end.lower80) }),
    s('line', { x1: cx - 5, x2: cx + 5, y1: y(end.upper80), y2: y(end.upper80) }),
    s('path', { d: `M${cx},${cy - 6}L${cx + 6},${cy}L${cx},${cy + 6}L${cx - 6},${cy}Z` }),
    s('text', { x: cx - 10, y: cy - 10, 'text-anchor': 'end' }, `period end ${formatNumber(end.expected)}${probability}`),
  );
}

function line(points, x, y) {
  return points.map(([t, v]) => `${x(t).toFixed(1)},${y(v).toFixed(1)}`).join(' ');
}

function band(points, x, y, lower, upper) {
  const top = points.map((p) => `${x(p.time).toFixed(1)},${y(p[upper]).toFixed(1)}`);
  const bottom = [...points].reverse().map((p) => `${x(p.time).toFixed(1)},${y(p[lower]).toFixed(1)}`);
  return `M${top.join('L')}L${bottom.join('L')}Z`;
}

function axes(x, y, lo, hi, t0, t1) {
  const g = s('g', { class: 'axes' });
  const TICKS = 4;
  for (let i = 0; i <= TICKS; i++) {
    const v = lo + ((hi - lo) * i) / TICKS;
    g.append(
      s('line', { x1: PAD.left, x2: W - PAD.right, y1: y(v), y2: y(v), class: 'grid' }),
      s('text', { x: PAD.left - 6, y: y(v) + 4, 'text-anchor': 'end' }, formatNumber(v)),
    );
  }
  for (const [t, anchor] of [[t0, 'start'], [(t0 + t1) / 2, 'middle'], [t1, 'end']]) {
    g.append(s('text', { x: x(t), y: H - 10, 'text-anchor': anchor }, formatDate(new Date(t).toISOString())));
  }
  return g;
}
