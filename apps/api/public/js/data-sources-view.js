import { h, replace } from './dom.js';
import { formatAge, formatDuration, formatNumber } from './format.js';
import { DATA_SOURCES } from './workspace-queries.js';

// ingestion reports every 2 s; read as often while the view is shown
const REFRESH_MS = 2_000;
const PAYLOAD_CHARS = 300;

/** Connectors and endpoints with their state, rate, last sample, lag and reconnects; dead letters by reason. */
export class DataSourcesView {
  constructor(root, { request, onError }) {
    this.root = root;
    this.request = request;
    this.onError = onError;
    replace(root, h('p', { class: 'muted' }, 'Loading data sources…'));
  }

  async resume() {
    clearInterval(this.timer);
    this.timer = setInterval(() => void this.load(), REFRESH_MS);
    await this.load();
  }

  pause() {
    clearInterval(this.timer);
  }

  async load() {
    try {
      const { dataSources } = await this.request(DATA_SOURCES);
      this.render(dataSources);
    } catch (error) {
      this.pause();
      this.onError(error, 'Data-source health is unavailable');
    }
  }

  render(ds) {
    const status = ds.reporting
      ? h('p', { class: 'meta', 'data-reporting': 'true' }, `Ingestion reported ${formatAge(ds.reportedAt)}.`)
      : h('p', { class: 'notice-inline', 'data-reporting': 'false' }, ds.reportedAt
        ? `Ingestion stopped reporting (last report ${formatAge(ds.reportedAt)}): the states below are out of date.`
        : 'No report from ingestion yet: it is not running or not connected to this API.');
    const rows = ds.connectors.map((c) => h('tr', { 'data-connector-id': c.id, class: c.healthy ? 'healthy' : 'unhealthy' },
      h('th', { scope: 'row' }, c.id),
      h('td', {}, c.kind),
      h('td', { 'data-cell': 'state' }, h('span', { class: `state state-${c.healthy ? 'ok' : 'bad'}` }, c.state), h('span', { class: 'meta' }, ` ${formatAge(c.since)}`)),
      h('td', { class: 'num', 'data-cell': 'rate' }, c.samplesPerSecond === null ? '—' : `${formatNumber(c.samplesPerSecond)}/s`),
      h('td', { class: 'num' }, formatNumber(c.samplesTotal)),
      h('td', { 'data-cell': 'last' }, formatAge(c.lastSampleAt)),
      h('td', { class: 'num' }, formatDuration(c.lagMs)),
      h('td', { class: 'num', 'data-cell': 'reconnects' }, String(c.reconnects)),
      h('td', { class: 'detail' }, c.detail ?? '')));
    const connectors = rows.length
      ? h('div', { class: 'table-scroll' }, h('table', { class: 'grid connectors' },
        h('thead', {}, h('tr', {}, ['Connector', 'Kind', 'State', 'Rate', 'Samples', 'Last sample', 'Lag', 'Reconnects', 'Detail'].map((t) => h('th', { scope: 'col' }, t)))),
        h('tbody', {}, rows)))
      : h('p', { class: 'empty' }, 'No connectors reported.');
    const p = ds.pipeline;
    const pipeline = p
      ? h('p', { class: p.stalled ? 'notice-inline' : 'meta', 'data-pipeline': p.stalled ? 'stalled' : 'ok' },
        `Pipeline: ${p.bufferDepth} samples waiting to be written; ${p.stalled ? `STALLED for ${formatNumber(p.secondsSinceProgress)} s` : 'writing'}; ${p.quarantined} dead letters in quarantine.`)
      : null;
    const letters = ds.deadLetters.length
      ? h('div', { class: 'table-scroll' }, h('table', { class: 'grid dead-letters' },
        h('thead', {}, h('tr', {}, ['Source', 'Reason', 'Count', 'Last', 'Newest raw payloads'].map((t) => h('th', { scope: 'col' }, t)))),
        h('tbody', {}, ds.deadLetters.map((g) => h('tr', { 'data-reason': g.reason },
          h('td', {}, g.source), h('td', {}, h('code', {}, g.reason)), h('td', { class: 'num' }, formatNumber(g.count)), h('td', {}, formatAge(g.lastAt)),
          h('td', {}, h('details', {}, h('summary', {}, `${g.samples.length} sample(s)`),
            g.samples.map((d) => h('div', { class: 'payload' },
              h('p', { class: 'meta' }, `${d.channel ?? '—'} · ${d.detail}`),
              h('pre', {}, payloadText(d)))))))))))
      : h('p', { class: 'empty' }, 'No dead letters.');
    replace(this.root, h('h2', {}, 'Data sources'), status, connectors, pipeline, h('h3', {}, 'Dead letters by reason'), letters);
  }
}

function payloadText(d) {
  if (d.payload === null) return '(no payload)';
  const text = d.payloadEncoding === 'base64' ? `base64: ${d.payload}` : d.payload;
  return text.length > PAYLOAD_CHARS ? `${text.slice(0, PAYLOAD_CHARS)}…` : text;
}
