import { h, replace } from './dom.js';
import { mountAttribution } from './attribution-waterfall.js';
import { comparisonText, formatDateTime, formatScore, formatShare, formatValue, isPhased } from './format.js';
import { drawForecastChart, forecastChartHost, kpiChartSpec } from './forecast-chart.js';
import { fieldFailed } from './graphql-client.js';
import { unmountUplot } from './uplot-chart.js';
import { KPI_ANOMALIES, KPI_DETAIL } from './queries.js';
import { qualityBadges, statusPill } from './status.js';

const HISTORY_DAYS = 400;
// stored anomalies are asked for up to a little after now: the clocks of page and server may differ
const ANOMALY_LOOKAHEAD_MS = 60_000;

/** Side drawer with a KPI's history, forecast fan (80/95 %) and period-end expectation against target. */
export class KpiDrawer {
  /**
   * extend(kpiId) = extra nodes under the details (the strategist's entry forms); pastView(kpiId) = null when live,
   * else { asOf, knownAt, figures } of the time-travel view (figures: the KPI as its past scorecard shows it).
   */
  constructor(root, { request, onError, extend, anomalies = () => [], pastView = () => null }) {
    this.root = root;
    this.pastView = pastView;
    this.anomalies = anomalies;
    this.request = request;
    this.onError = onError;
    this.extend = extend;
    this.token = 0;
    root.addEventListener('keydown', (event) => event.key === 'Escape' && this.close());
  }

  async open(kpiId) {
    const token = ++this.token;
    this.returnFocus = document.activeElement;
    this.root.hidden = false;
    replace(this.root, this.head('Loading…'), h('p', { class: 'muted' }, 'Loading history and forecast…'));
    this.root.querySelector('.close').focus();
    const past = this.pastView(kpiId);
    try {
      const end = past ? Date.parse(past.asOf) : Date.now();
      const from = new Date(end - HISTORY_DAYS * 86_400_000).toISOString();
      const to = past ? past.asOf : new Date(end + ANOMALY_LOOKAHEAD_MS).toISOString();
      // a past view reads the history up to its instant as known then (or corrected by knownAt), as its scorecard
      const range = past ? { from, to: past.asOf, knownAt: past.knownAt } : { from };
      const [detail, stored] = await Promise.all([
        this.request(KPI_DETAIL, { id: kpiId, ...range }),
        // the marks are extras: without the stored ones the chart still shows those received live
        this.request(KPI_ANOMALIES, { id: kpiId, from, to }).then(
          (d) => d.anomalies,
          () => [],
        ),
      ]);
      if (token !== this.token) return;
      const found = detail.kpi;
      if (!found) throw new Error(`KPI ${kpiId} not found`);
      const kpi = past ? asItStood(found, past) : found;
      const marks = mergeAnomalies(stored, past ? [] : this.anomalies(kpi.id));
      const { nodes, chart } = body(kpi, marks, end, { past: Boolean(past), forecastFailed: fieldFailed(detail, 'kpi.forecast') });
      if (past) nodes.unshift(h('p', { class: 'muted as-of', 'data-testid': 'drawer-as-of' }, `As of ${formatDateTime(past.asOf)}`));
      this.releaseChart();
      this.chartHost = chart.host;
      replace(this.root, this.head(kpi.name), ...nodes, this.extend?.(kpi.id));
      // drawn once in the drawer: the chart takes the drawer's width
      drawForecastChart(chart.host, chart.spec);
      this.root.querySelector('.close').focus();
      void mountAttribution(this.root, kpi, this.request);
    } catch (error) {
      if (token !== this.token) return;
      this.close();
      this.onError(error);
    }
  }

  close() {
    this.token++;
    this.releaseChart();
    this.root.hidden = true;
    this.returnFocus?.focus?.();
  }

  /** The previous KPI's chart stops following the drawer's width. */
  releaseChart() {
    if (this.chartHost) unmountUplot(this.chartHost);
    this.chartHost = null;
  }

  head(title) {
    return h(
      'header',
      { class: 'drawer-head' },
      h('h2', { id: 'drawer-title' }, title),
      h('button', { type: 'button', class: 'close', 'aria-label': 'Close details', onclick: () => this.close() }, '×'),
    );
  }
}

/**
 * The KPI as it stood at a past instant: its past scorecard's figures (kpi(id) answers for today's period), the
 * history to then, no forecast (forecasts are today's). A KPI not on that scorecard shows no figures.
 */
export function asItStood(kpi, { asOf, figures }) {
  const at = Date.parse(asOf);
  const period = kpi.history.find((p) => Date.parse(p.start) <= at && at < Date.parse(p.end));
  const none = { value: null, target: null, toDateTarget: null, status: null, score: null, updatedAt: null, quality: null };
  const shown = figures ?? { ...none, periodKey: period?.periodKey ?? kpi.periodKey };
  const { value, target, toDateTarget, phasing, status, score, periodKey, updatedAt, quality } = { ...kpi, ...shown };
  return { ...kpi, value, target, toDateTarget, phasing, status, score, periodKey, updatedAt, quality, forecast: null };
}

function body(kpi, anomalies, now, { past, forecastFailed }) {
  const forecast = kpi.forecast;
  const end = forecast?.periodEnd;
  const phased = isPhased(kpi);
  const chart = {
    host: forecastChartHost(`${kpi.name}: history, ${phased ? 'planned to date, ' : ''}forecast and 80/95 % bands`),
    spec: kpiChartSpec(kpi, now, anomalies),
  };
  const nodes = [
    kpi.description ? h('p', { class: 'description' }, kpi.description) : null,
    h('p', { class: 'comparison' }, comparisonText(kpi)),
    h(
      'dl',
      { class: 'facts' },
      fact(phased ? 'Value to date' : 'Value', formatValue(kpi.value, kpi.unit)),
      phased ? fact('Planned to date', formatValue(kpi.toDateTarget, kpi.unit)) : null,
      fact(phased ? 'Period target' : 'Target', formatValue(kpi.target, kpi.unit)),
      fact(phased ? 'Status to date' : 'Status', statusPill(kpi.status)),
      fact('Score', formatScore(kpi.score)),
      fact('Period', `${kpi.periodKey} (${kpi.reportingPeriod})`),
      fact('Quality', qualityBadges(kpi.quality)),
      fact('Updated', formatDateTime(kpi.updatedAt)),
      kpi.owner ? fact('Owner', kpi.owner) : null,
    ),
    h('h3', {}, 'History and forecast', forecast?.provisional ? provisionalBadge(forecast) : null),
    chart.host,
    h(
      'p',
      { class: 'chart-legend' },
      h('span', { class: 'key history' }, 'history'),
      h('span', { class: 'key forecast' }, 'forecast'),
      h('span', { class: 'key band80' }, '80 %'),
      h('span', { class: 'key band95' }, '95 %'),
      phased ? h('span', { class: 'key planned' }, 'planned to date') : null,
      h('span', { class: 'key target' }, phased ? 'period target' : 'target'),
      anomalies.length > 0 ? h('span', { class: 'key anomaly' }, 'anomaly') : null,
    ),
    h('h3', {}, 'Period end'),
    end
      ? h(
          'dl',
          { class: 'facts period-end' },
          fact('Period', end.periodKey),
          fact('Projected', `${formatValue(end.expected, kpi.unit)} vs ${formatValue(end.target, kpi.unit)} target`),
          fact('80 % range', `${formatValue(end.lower80, kpi.unit)} – ${formatValue(end.upper80, kpi.unit)}`),
          fact('Probability of meeting target', h('strong', {}, formatShare(end.probabilityOfMeetingTarget))),
          fact('Method', `${forecast.method}, computed ${formatDateTime(forecast.computedAt)}`),
          forecast.provisional ? fact('Provisional', forecast.provisionalReason ?? 'history not settled') : null,
        )
      : h('p', { class: 'muted' }, noForecastText({ past, forecastFailed })),
    kpi.formula ? h('details', {}, h('summary', {}, 'Formula'), h('code', {}, kpi.formula)) : null,
  ];
  return { nodes, chart };
}

function noForecastText({ past, forecastFailed }) {
  if (past) return 'Forecasts are today’s: a past view shows none.';
  // a failed read says nothing about the KPI's history
  if (forecastFailed) return 'The forecast could not be read (see the notice); try again later.';
  return 'No forecast yet: the forecasting runtime needs more history for this KPI.';
}

/** A forecast from history still arriving or too short: says so, with the reason on hover and for screen readers. */
function provisionalBadge(forecast) {
  const reason = forecast.provisionalReason ?? 'history not settled';
  return h('span', { class: 'badge warn provisional', title: reason, 'aria-label': `provisional forecast: ${reason}` }, 'provisional');
}

/** The stored anomalies and those received live, each once (the same finding has the same kind, signal and time). */
export function mergeAnomalies(stored, live) {
  const byKey = new Map();
  for (const a of [...stored, ...live]) {
    const time = a.time ?? Date.parse(a.at);
    byKey.set(`${a.kind}|${a.signalId ?? ''}|${time}`, { ...a, time });
  }
  return [...byKey.values()].sort((a, b) => a.time - b.time);
}

function fact(term, value) {
  return h('div', {}, h('dt', {}, term), h('dd', {}, value));
}
