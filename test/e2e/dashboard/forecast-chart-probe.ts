import type { Locator } from 'playwright-core';

/** A point of a drawn series: its data (seconds, value) and where it sits on the plot (CSS pixels). */
export interface ProbedPoint {
  t: number;
  value: number;
  x: number;
  y: number;
}

/** What the uPlot instance behind a KPI chart holds, read in the page (no canvas pixels). */
export interface ForecastChartProbe {
  /** Series label → its column of values (null where the series has no point). */
  series: Record<string, Array<number | null>>;
  /** Pairs of series labels filled between (the 95 % and 80 % bands). */
  bands: Array<[string, string]>;
  /** First and last point of a series by label. */
  first: Record<string, ProbedPoint>;
  last: Record<string, ProbedPoint>;
  historyDots: boolean;
  /** The DOM labels over the plot, by class. */
  labels: Record<string, string>;
}

/**
 * Reads the chart drawn in `host` through the page's own module (js/uplot-chart.js's chartOf). Runs as a string, so
 * the test transpiler leaves the browser's dynamic import() alone.
 */
export async function probeForecastChart(host: Locator): Promise<ForecastChartProbe> {
  const marker = `probe-${Date.now()}-${Math.random().toString(36).slice(2)}`;
  // the callback runs in the browser; the Node tsconfig has no DOM types, so it names what it uses
  await host.evaluate(
    (el: { setAttribute(name: string, value: string): void }, id) => el.setAttribute('data-probe', id),
    marker,
  );
  const probe = await host.page()
    .evaluate<ForecastChartProbe | null>(`import('/dashboard/js/uplot-chart.js').then(({ chartOf }) => {
    const host = document.querySelector('[data-probe="${marker}"]');
    host.removeAttribute('data-probe');
    const u = chartOf(host);
    if (!u) return null;
    const xs = u.data[0];
    const labelOf = (i) => u.series[i].label;
    const series = {}, first = {}, last = {};
    const point = (i, j) => ({ t: xs[j], value: u.data[i][j], x: u.valToPos(xs[j], 'x'), y: u.valToPos(u.data[i][j], 'y') });
    for (let i = 1; i < u.series.length; i++) {
      const values = u.data[i];
      series[labelOf(i)] = Array.from(values);
      const drawn = values.map((v, j) => (v === null ? -1 : j)).filter((j) => j >= 0);
      if (drawn.length) {
        first[labelOf(i)] = point(i, drawn[0]);
        last[labelOf(i)] = point(i, drawn[drawn.length - 1]);
      }
    }
    const labels = {};
    for (const el of host.querySelectorAll('.chart-label:not([hidden])')) labels[el.classList[1]] = el.textContent;
    return {
      series, first, last, labels,
      bands: (u.bands ?? []).map((b) => b.series.map(labelOf)),
      historyDots: host.dataset.historyDots === 'true',
    };
  })`);
  if (!probe) throw new Error('no uPlot chart in the host');
  return probe;
}
