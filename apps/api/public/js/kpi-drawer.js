import { h, replace } from './dom.js';
import { formatDateTime, formatScore, formatShare, formatValue } from './format.js';
import { forecastChart } from './charts.js';
import { KPI_DETAIL } from './queries.js';
import { qualityBadges, statusPill } from './status.js';

const HISTORY_DAYS = 400;

/** Side drawer with a KPI's history, forecast fan (80/95 %) and period-end expectation against target. */
export class KpiDrawer {
  constructor(root, { request, onError }) {
    this.root = root;
    this.request = request;
    this.onError = onError;
    this.token = 0;
    root.addEventListener('keydown', (event) => event.key === 'Escape' && this.close());
  }

  async open(kpiId) {
    const token = ++this.token;
    this.returnFocus = document.activeElement;
    this.root.hidden = false;
    replace(this.root, this.head('Loading…'), h('p', { class: 'muted' }, 'Loading history and forecast…'));
    this.root.querySelector('.close').focus();
    try {
      const from = new Date(Date.now() - HISTORY_DAYS * 86_400_000).toISOString();
      const { kpi } = await this.request(KPI_DETAIL, { id: kpiId, from });
      if (token !== this.token) return;
      if (!kpi) throw new Error(`KPI ${kpiId} not found`);
      replace(this.root, this.head(kpi.name), ...body(kpi));
      this.root.querySelector('.close').focus();
    } catch (error) {
      if (token !== this.token) return;
      this.close();
      this.onError(error);
    }
  }

  close() {
    this.token++;
    this.root.hidden = true;
    this.returnFocus?.focus?.();
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

function body(kpi) {
  const forecast = kpi.forecast;
  const end = forecast?.periodEnd;
  // a period's value is plotted at its end, or now for the running period (its value so far)
  const now = Date.now();
  const history = kpi.history.map((p) => ({ time: Math.min(Date.parse(p.end) - 1, now), value: p.value, label: p.periodKey }));
  const points = (forecast?.points ?? []).map((p) => ({ ...p, time: Date.parse(p.time) }));
  // the projection belongs at the end of its period, when that period is in the history
  const endOfPeriod = end && kpi.history.find((p) => p.periodKey === end.periodKey);
  const periodEnd = end && endOfPeriod ? { ...end, time: Date.parse(endOfPeriod.end) - 1, probability: end.probabilityOfMeetingTarget } : null;
  return [
    kpi.description ? h('p', { class: 'description' }, kpi.description) : null,
    h(
      'dl',
      { class: 'facts' },
      fact('Value', formatValue(kpi.value, kpi.unit)),
      fact('Target', formatValue(kpi.target, kpi.unit)),
      fact('Status', statusPill(kpi.status)),
      fact('Score', formatScore(kpi.score)),
      fact('Period', `${kpi.periodKey} (${kpi.reportingPeriod})`),
      fact('Quality', qualityBadges(kpi.quality)),
      fact('Updated', formatDateTime(kpi.updatedAt)),
      kpi.owner ? fact('Owner', kpi.owner) : null,
    ),
    h('h3', {}, 'History and forecast'),
    forecastChart({ history, forecast: points, target: kpi.target, periodEnd, now, label: `${kpi.name}: history, forecast and 80/95 % bands` }),
    h('p', { class: 'chart-legend' }, h('span', { class: 'key history' }, 'history'), h('span', { class: 'key forecast' }, 'forecast'), h('span', { class: 'key band80' }, '80 %'), h('span', { class: 'key band95' }, '95 %'), h('span', { class: 'key target' }, 'target')),
    h('h3', {}, 'Period end'),
    end
      ? h(
          'dl',
          { class: 'facts period-end' },
          fact('Period', end.periodKey),
          fact('Expected', formatValue(end.expected, kpi.unit)),
          fact('80 % range', `${formatValue(end.lower80, kpi.unit)} – ${formatValue(end.upper80, kpi.unit)}`),
          fact('Target', formatValue(end.target, kpi.unit)),
          fact('Probability of meeting target', h('strong', {}, formatShare(end.probabilityOfMeetingTarget))),
          fact('Method', `${forecast.method}, computed ${formatDateTime(forecast.computedAt)}`),
        )
      : h('p', { class: 'muted' }, 'No forecast yet: the forecasting runtime needs more history for this KPI.'),
    kpi.formula ? h('details', {}, h('summary', {}, 'Formula'), h('code', {}, kpi.formula)) : null,
  ];
}

function fact(term, value) {
  return h('div', {}, h('dt', {}, term), h('dd', {}, value));
}
