import { h, replace } from './dom.js';
import { pageTimeZone } from './format.js';

// The one place the page creates uPlot charts (window.uPlot, from /dashboard/vendor/uplot.js): the signal trend and
// the KPI history and forecast chart both go through here.
const MIN_WIDTH = 280;
const charts = new WeakMap();

/** The uPlot instance drawn in `host`, or null (tests read its data and scales instead of canvas pixels). */
export function chartOf(host) {
  return charts.get(host)?.plot ?? null;
}

/** A CSS custom property of the page (the charts take their colours from the stylesheet's palette). */
export function cssColour(name, fallback) {
  return getComputedStyle(document.documentElement).getPropertyValue(name).trim() || fallback;
}

/**
 * Draws a uPlot chart into `host`, replacing what was there, as wide as the host (or opts.width) and following the
 * host's width afterwards. host.dataset.chart turns "drawn" after each paint. Returns null, with a note in the host,
 * when the library did not load.
 */
export function mountUplot(host, opts, data) {
  unmountUplot(host);
  if (!window.uPlot) {
    replace(host, h('p', { class: 'empty' }, 'The chart library did not load.'));
    return null;
  }
  replace(host);
  host.dataset.chart = 'drawing';
  const fixedWidth = opts.width;
  const width = () => fixedWidth ?? Math.max(MIN_WIDTH, host.clientWidth || 600);
  const hooks = { ...opts.hooks, draw: [...(opts.hooks?.draw ?? []), () => (host.dataset.chart = 'drawn')] };
  // time axes and cursors on the wall clock of the model's zone, as every time on the page (uPlot's default: the browser's)
  const zone = pageTimeZone();
  const tzDate = (seconds) => window.uPlot.tzDate(new Date(seconds * 1000), zone);
  const plot = new window.uPlot({ tzDate, ...opts, width: width(), hooks }, data, host);
  // a host laid out later (a drawer opening, a window resized) gets the chart redrawn at its width
  const observer = fixedWidth === undefined && typeof ResizeObserver === 'function'
    ? new ResizeObserver(() => {
        const next = width();
        if (host.clientWidth > 0 && Math.abs(next - plot.width) > 1) plot.setSize({ width: next, height: plot.height });
      })
    : null;
  observer?.observe(host);
  charts.set(host, { plot, observer });
  return plot;
}

export function unmountUplot(host) {
  const chart = charts.get(host);
  if (!chart) return;
  chart.observer?.disconnect();
  chart.plot.destroy();
  charts.delete(host);
  delete host.dataset.chart;
}
