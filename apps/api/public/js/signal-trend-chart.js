import { h, replace } from './dom.js';
import { formatNumber } from './format.js';
import { mountUplot, unmountUplot } from './uplot-chart.js';

const HEIGHT = 260;
const LINE = '#1f5fbf';
const BAND = 'rgba(31, 95, 191, 0.18)';

/**
 * uPlot columns from a signal history: raw points as one series; buckets as the first and last sample of each
 * bucket (the line) with the bucket's min and max as a band around it, so a spike shows however far it is zoomed out.
 */
export function trendColumns(history) {
  if (history.bucketMs === null) {
    return { bucketed: false, columns: [history.points.map((p) => Date.parse(p.ts) / 1000), history.points.map((p) => p.value)] };
  }
  const xs = [];
  const line = [];
  const mins = [];
  const maxs = [];
  for (const b of history.buckets) {
    const first = Date.parse(b.firstTs);
    const last = Date.parse(b.lastTs);
    xs.push(first / 1000);
    line.push(b.first);
    mins.push(b.min);
    maxs.push(b.max);
    if (last !== first) {
      xs.push(last / 1000);
      line.push(b.last);
      mins.push(b.min);
      maxs.push(b.max);
    }
  }
  return { bucketed: true, columns: [xs, line, mins, maxs] };
}

/** One uPlot chart in `host`, replaced on each draw; the host's data attributes say what was drawn (tests read them). */
export class SignalTrendChart {
  constructor(host) {
    this.host = host;
  }

  draw(history, unit) {
    this.destroy();
    const count = history.bucketMs === null ? history.points.length : history.buckets.length;
    this.host.dataset.points = String(count);
    this.host.dataset.rawCount = String(history.rawCount);
    this.host.dataset.bucketed = String(history.bucketMs !== null);
    if (count === 0) {
      replace(this.host, h('p', { class: 'empty' }, 'No numeric samples in this range.'));
      return;
    }
    const { bucketed, columns } = trendColumns(history);
    const value = (_u, v) => (v === null || v === undefined ? '—' : `${formatNumber(v)} ${unit}`);
    const series = [{}, { label: bucketed ? 'first / last' : 'value', stroke: LINE, width: 1.5, value }];
    if (bucketed) {
      series.push({ label: 'min', stroke: BAND, width: 1, value }, { label: 'max', stroke: BAND, width: 1, value });
    }
    const opts = {
      height: HEIGHT,
      series,
      bands: bucketed ? [{ series: [3, 2], fill: BAND }] : [],
      axes: [{}, { label: unit, size: 64, values: (_u, ticks) => ticks.map((t) => formatNumber(t)) }],
      legend: { live: true },
      cursor: { drag: { x: true, y: false } },
    };
    mountUplot(this.host, opts, columns);
  }

  destroy() {
    unmountUplot(this.host);
  }
}
