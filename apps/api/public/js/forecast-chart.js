import { h, replace } from './dom.js';
import { formatDate, formatDateTime, formatNumber, formatShare, isPhased } from './format.js';
import { cssColour, mountUplot, unmountUplot } from './uplot-chart.js';

const HEIGHT = 280;
// dots only while they stay apart (a daily KPI over a year is a line)
const MAX_DOTS = 60;
const PERIOD_END = '#6b4fa0';
const NOW_LINE = '#9aa6b8';
const BAND_80 = 'rgba(31, 95, 191, 0.28)';
const BAND_95 = 'rgba(31, 95, 191, 0.12)';

const finite = (v) => typeof v === 'number' && Number.isFinite(v);

/** The element the chart is drawn into; draw with drawForecastChart once it is in the document (it takes its width). */
export function forecastChartHost(label) {
  return h('div', { class: 'forecast-chart', role: 'img', 'aria-label': label });
}

/**
 * The history of a KPI chart from its periods ({ periodKey, start, end, value }): each at its end, the one still open
 * at `now` at `now` with its value so far, named "to date" (a past view's `now` is its instant).
 */
export function historyPoints(periods, now) {
  return periods
    .filter((p) => Date.parse(p.start) <= now)
    .map((p) => {
      const last = Date.parse(p.end) - 1;
      return { time: Math.min(last, now), value: p.value, label: last > now ? `${p.periodKey} to date` : p.periodKey };
    });
}

/**
 * The chart of a KPI as the drawer and the briefing book draw it (kpi: KPI_DETAIL's, or as it stood at a past
 * `now`, forecast null). A period's value is plotted at its end, or at now for the running period (its value so
 * far); forecast points are the same period-to-date value projected to the end of each remaining day, so both share
 * one scale. A phased target is drawn as the path planned to date up to the full "period target".
 */
export function kpiChartSpec(kpi, now, anomalies = []) {
  const end = kpi.forecast?.periodEnd;
  // the projection belongs at the end of its period, when that period is in the history
  const endOfPeriod = end && kpi.history.find((p) => p.periodKey === end.periodKey);
  const phased = isPhased(kpi);
  return {
    history: historyPoints(kpi.history, now),
    forecast: (kpi.forecast?.points ?? []).map((p) => ({ ...p, time: Date.parse(p.time) })),
    target: kpi.target,
    targetLabel: phased ? 'period target' : 'target',
    targetPath: phased ? plannedToDate(kpi, now) : [],
    periodEnd: end && endOfPeriod ? { ...end, time: Date.parse(endOfPeriod.end) - 1, probability: end.probabilityOfMeetingTarget } : null,
    anomalies,
    now,
  };
}

/**
 * The planned path of the running period: nothing at its start, the to-date target now, the full target at its
 * end (exact for calendar phasing; for working days and profiles the two known points joined by lines).
 */
function plannedToDate(kpi, now) {
  const current = kpi.history.find((p) => p.periodKey === kpi.periodKey);
  if (!current || typeof kpi.toDateTarget !== 'number' || typeof kpi.target !== 'number') return [];
  const [start, end] = [Date.parse(current.start), Date.parse(current.end) - 1];
  return [
    { time: start, value: 0 },
    ...(now > start && now < end ? [{ time: now, value: kpi.toDateTarget }] : []),
    { time: end, value: kpi.target },
  ];
}

/**
 * uPlot columns of a KPI chart: one x column (seconds) shared by every series, null where a series has no point.
 * History (period(-to-date) values), the forecast mean from the last history point on, its 80 % and 95 % bounds,
 * the target across the whole chart, the planned to-date path of a phased target and the period-end expectation.
 * history: [{ time, value, label }], forecast: [{ time, mean, lower80, upper80, lower95, upper95 }] (times in ms),
 * targetPath: [{ time, value }], periodEnd: { time, expected, lower80, upper80, probability } | null.
 * Anomalies ([{ time, kind, signalId, score, value }]) are marks over the plot, not series: see drawForecastChart.
 * Returns null when there is nothing to draw; yRange spans every value drawn (whiskers included) with an 8 % margin.
 */
export function forecastColumns({ history, forecast, target, targetLabel = 'target', targetPath = [], periodEnd = null }) {
  const hist = history.filter((p) => finite(p.value));
  const times = [...hist, ...forecast, ...targetPath, ...(periodEnd ? [periodEnd] : [])].map((p) => p.time);
  if (times.length === 0) return null;
  const xs = [...new Set(times)].sort((a, b) => a - b);
  const at = new Map(xs.map((t, i) => [t, i]));
  const column = (points, value) => {
    const col = xs.map(() => null);
    for (const p of points) col[at.get(p.time)] = value(p);
    return col;
  };
  const series = [{ label: 'history', values: column(hist, (p) => p.value) }];
  if (forecast.length > 0) {
    const last = hist[hist.length - 1];
    series.push({ label: 'forecast', values: column([...(last ? [{ time: last.time, mean: last.value }] : []), ...forecast], (p) => p.mean) });
    for (const key of ['lower95', 'upper95', 'lower80', 'upper80']) series.push({ label: key, values: column(forecast, (p) => p[key]) });
  }
  if (finite(target)) series.push({ label: targetLabel, values: xs.map(() => target) });
  if (targetPath.length > 1) series.push({ label: 'planned to date', values: column(targetPath, (p) => p.value) });
  if (periodEnd) series.push({ label: 'period end', values: column([periodEnd], (p) => p.expected) });

  const values = [...series.flatMap((s) => s.values), ...(periodEnd ? [periodEnd.lower80, periodEnd.upper80] : [])].filter(finite);
  let [lo, hi] = [Math.min(...values), Math.max(...values)];
  const margin = (hi - lo) * 0.08 || Math.abs(hi) * 0.1 || 1;
  [lo, hi] = [lo - margin, hi + margin];
  return { xs: xs.map((t) => t / 1000), series, yRange: [lo, hi], labels: new Map(hist.map((p) => [p.time / 1000, p.label])) };
}

/** Draws the chart of forecastColumns(spec) into `host` (in the document); width fixes it (the print page). */
export function drawForecastChart(host, spec, { width } = {}) {
  const columns = forecastColumns(spec);
  if (!columns) {
    unmountUplot(host);
    replace(host, h('p', { class: 'chart-empty' }, 'No history yet'));
    return null;
  }
  const { periodEnd = null, now = Date.now(), target, targetLabel = 'target', anomalies = [] } = spec;
  const [ink, accent, good] = [cssColour('--ink', '#1b2430'), cssColour('--accent', '#1f5fbf'), cssColour('--on-target', '#1d7a3e')];
  const index = (label) => columns.series.findIndex((s) => s.label === label) + 1;
  const dots = columns.series[0].values.filter((v) => v !== null).length <= MAX_DOTS;
  host.dataset.historyDots = String(dots);
  const style = {
    history: { stroke: ink, width: 2, points: { show: dots, size: 6, fill: ink, stroke: ink } },
    forecast: { stroke: accent, width: 2, dash: [6, 4], points: { show: false } },
    'planned to date': { stroke: good, width: 1.5, dash: [6, 4], points: { show: false } },
    [targetLabel]: { stroke: good, width: 1.5, dash: [2, 3], points: { show: false } },
    // drawn by the hook below as a diamond with its 80 % whisker; the series keeps it in the data and the scale
    'period end': { stroke: 'transparent', width: 0, points: { show: false }, paths: () => null },
  };
  const bound = { stroke: 'transparent', width: 0, points: { show: false } };
  const series = [{}, ...columns.series.map((s) => ({ label: s.label, spanGaps: true, ...(style[s.label] ?? bound) }))];
  const bands = index('upper95') > 0 ? [{ series: [index('upper95'), index('lower95')], fill: BAND_95 }, { series: [index('upper80'), index('lower80')], fill: BAND_80 }] : [];
  const labels = { target: null, periodEnd: null, now: null, anomalies: [] };
  let readout = null;
  const opts = {
    width,
    height: HEIGHT,
    series,
    bands,
    scales: { x: { time: true }, y: { range: () => columns.yRange } },
    axes: [{}, { size: 64, values: (_u, ticks) => ticks.map((t) => formatNumber(t)) }],
    legend: { show: false },
    cursor: { drag: { x: false, y: false }, points: { show: false } },
    hooks: { draw: [(u) => decorate(u, { periodEnd, now, target, labels })], setCursor: [(u) => readOut(u, columns, readout)] },
  };
  const plot = mountUplot(host, opts, [columns.xs, ...columns.series.map((s) => s.values)]);
  if (!plot) return null;
  // DOM labels over the plot: text stays text (screen readers, the PDF) and follows the scales on every redraw
  const label = (cls, text) => plot.over.appendChild(h('span', { class: `chart-label ${cls}` }, text));
  if (finite(target)) labels.target = label('target-label', `${targetLabel} ${formatNumber(target)}`);
  if (periodEnd) {
    const probability = finite(periodEnd.probability) ? ` · ${formatShare(periodEnd.probability)} to meet target` : '';
    labels.periodEnd = label('period-end-label', `period end ${formatNumber(periodEnd.expected)}${probability}`);
  }
  labels.now = label('now-label', 'now');
  const [t0, t1] = [columns.xs[0], columns.xs[columns.xs.length - 1]];
  for (const a of anomalies.filter((m) => m.time / 1000 >= t0 && m.time / 1000 <= t1)) labels.anomalies.push({ anomaly: a, el: plot.over.appendChild(anomalyMark(a)) });
  plot.redraw(false, false);
  readout = host.appendChild(h('p', { class: 'chart-readout', 'aria-live': 'polite' }));
  return plot;
}

/** The now line, the period-end diamond and whisker (canvas), and the positions of the DOM labels. */
function decorate(u, { periodEnd, now, target, labels }) {
  const { ctx } = u;
  const [top, height] = [u.bbox.top, u.bbox.height];
  // the canvas is in device pixels
  const ratio = window.devicePixelRatio || 1;
  const [x0, x1] = [u.scales.x.min, u.scales.x.max];
  const nowS = now / 1000;
  const nowShown = nowS > x0 && nowS < x1;
  ctx.save();
  if (nowShown) {
    const x = Math.round(u.valToPos(nowS, 'x', true));
    ctx.strokeStyle = NOW_LINE;
    ctx.lineWidth = ratio;
    ctx.setLineDash([3 * ratio, 3 * ratio]);
    ctx.beginPath();
    ctx.moveTo(x, top);
    ctx.lineTo(x, top + height);
    ctx.stroke();
  }
  if (periodEnd) {
    const [cx, cy] = [u.valToPos(periodEnd.time / 1000, 'x', true), u.valToPos(periodEnd.expected, 'y', true)];
    const [y80lo, y80hi] = [u.valToPos(periodEnd.lower80, 'y', true), u.valToPos(periodEnd.upper80, 'y', true)];
    const [r, w] = [6 * ratio, 5 * ratio];
    ctx.strokeStyle = PERIOD_END;
    ctx.fillStyle = PERIOD_END;
    ctx.lineWidth = 2 * ratio;
    ctx.setLineDash([]);
    ctx.beginPath();
    ctx.moveTo(cx, y80lo);
    ctx.lineTo(cx, y80hi);
    for (const y of [y80lo, y80hi]) {
      ctx.moveTo(cx - w, y);
      ctx.lineTo(cx + w, y);
    }
    ctx.stroke();
    ctx.beginPath();
    ctx.moveTo(cx, cy - r);
    ctx.lineTo(cx + r, cy);
    ctx.lineTo(cx, cy + r);
    ctx.lineTo(cx - r, cy);
    ctx.closePath();
    ctx.fill();
  }
  ctx.restore();
  place(labels.target, 4, finite(target) ? u.valToPos(target, 'y') : null);
  place(labels.periodEnd, periodEnd ? u.valToPos(periodEnd.time / 1000, 'x') : null, periodEnd ? u.valToPos(periodEnd.expected, 'y') : null);
  // at the foot of the now line: the period-end label sits high on the right where forecasts end near the target
  place(labels.now, nowShown ? u.valToPos(nowS, 'x') + 4 : null, u.over.clientHeight - 16);
  for (const { anomaly, el } of labels.anomalies) {
    // at the value for a KPI value outside its band, at the top of the plot otherwise
    const [lo, hi] = [u.scales.y.min, u.scales.y.max];
    const onValue = anomaly.kind === 'kpi_interval' && finite(anomaly.value) && anomaly.value >= lo && anomaly.value <= hi;
    place(el, u.valToPos(anomaly.time / 1000, 'x'), onValue ? u.valToPos(anomaly.value, 'y') : 0);
  }
}

const ANOMALY_WHAT = { signal: 'input signal', kpi_interval: 'outside the 95 % band', kpi_change_point: 'new level from here' };

/**
 * A marker element for one anomaly: a triangle with its vertical rule, described in its tooltip. One found in planned
 * downtime is expected (it raised no alert): drawn muted and named so.
 */
function anomalyMark(a) {
  const what = a.kind === 'signal' ? `${ANOMALY_WHAT.signal} ${a.signalId}` : ANOMALY_WHAT[a.kind];
  // in the model's time zone, labelled, as every time on the page
  const when = formatDateTime(new Date(a.time).toISOString());
  const head = a.planned ? 'Anomaly in planned downtime (expected, no alert)' : 'Anomaly';
  return h('span', { class: `anomaly-mark ${a.kind}${a.planned ? ' planned' : ''}`, title: `${head}: ${what}, score ${a.score.toFixed(2)} (${when})` });
}

/** Positions a label in CSS pixels of the plot area (the stylesheet anchors it); hidden without a position. */
function place(el, x, y) {
  if (!el) return;
  el.hidden = x === null || y === null;
  if (el.hidden) return;
  el.style.left = `${x.toFixed(1)}px`;
  el.style.top = `${y.toFixed(1)}px`;
}

/** The values under the cursor in words (the chart's tooltip). */
function readOut(u, columns, readout) {
  if (!readout) return;
  const i = u.cursor.idx;
  if (i === null || i === undefined) {
    readout.textContent = '';
    return;
  }
  const x = columns.xs[i];
  const parts = [columns.labels.get(x) ?? formatDate(new Date(x * 1000).toISOString())];
  for (const s of columns.series) {
    const v = s.values[i];
    if (v !== null && ['history', 'forecast', 'period end', 'planned to date'].includes(s.label)) parts.push(`${s.label} ${formatNumber(v)}`);
  }
  readout.textContent = parts.join(' · ');
}
