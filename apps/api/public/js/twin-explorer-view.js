import { h, replace } from './dom.js';
import { formatAge, formatNumber } from './format.js';
import { SignalTrendChart } from './signal-trend-chart.js';
import { KPI_LINEAGE, NODE_NEIGHBOURS, SIGNAL_DETAIL, SIGNAL_HISTORY, TWIN_CHILDREN } from './workspace-queries.js';

const HOUR = 3_600_000;
const RANGES = [
  ['1 h', HOUR],
  ['24 h', 24 * HOUR],
  ['7 d', 7 * 24 * HOUR],
  ['30 d', 30 * 24 * HOUR],
  ['1 y', 365 * 24 * HOUR],
];
const DEFAULT_RANGE = '24 h';
// the selected signal's live value: one small query, only while the view is shown
const LIVE_REFRESH_MS = 5_000;
const KIND_LABELS = { unit: 'unit', process: 'process', asset: 'asset', signal: 'signal', kpi: 'KPI', objective: 'objective' };

/**
 * Units -> processes -> assets -> signals -> KPIs -> objectives, one level per request (twinChildren), so it opens
 * at once however large the model; the selected node's details, lineage and, for a signal, live value and trend.
 */
export class TwinExplorerView {
  constructor(root, { request, onError }) {
    this.root = root;
    this.request = request;
    this.onError = onError;
    this.tree = h('ul', { role: 'tree', class: 'twin-tree', 'aria-label': 'Twin model' });
    this.detail = h('section', { class: 'twin-detail', 'aria-live': 'polite' }, h('p', { class: 'muted' }, 'Select a node to see its details.'));
    this.chart = null;
    this.range = DEFAULT_RANGE;
    replace(root, h('div', { class: 'explorer' }, h('nav', { class: 'twin-nav', 'aria-label': 'Twin tree' }, this.tree), this.detail));
    this.loaded = this.loadChildren(null, this.tree);
  }

  async resume() {
    await this.loaded;
    clearInterval(this.liveTimer);
    this.liveTimer = setInterval(() => void this.refreshLive(), LIVE_REFRESH_MS);
  }

  pause() {
    clearInterval(this.liveTimer);
  }

  async loadChildren(parentId, list, after = null) {
    try {
      const { twinChildren } = await this.request(TWIN_CHILDREN, { parentId, after });
      list.querySelector(':scope > li.more')?.remove();
      for (const node of twinChildren.nodes) list.append(this.treeItem(node));
      if (twinChildren.pageInfo.hasNextPage) {
        const rest = twinChildren.totalCount - list.querySelectorAll(':scope > li[role=treeitem]').length;
        const more = h('button', { type: 'button', class: 'link', onclick: () => void this.loadChildren(parentId, list, twinChildren.pageInfo.endCursor) }, `${rest} more…`);
        list.append(h('li', { class: 'more' }, more));
      }
      if (list.children.length === 0) list.append(h('li', { class: 'empty' }, 'Nothing below.'));
    } catch (error) {
      this.onError(error, 'The twin tree is unavailable');
    }
  }

  treeItem(node) {
    const item = h('li', { role: 'treeitem', 'data-node-id': node.id, 'data-kind': node.kind });
    const select = h('button', { type: 'button', class: 'node', onclick: () => void this.select(node, item) },
      h('span', { class: `kind kind-${node.kind}` }, KIND_LABELS[node.kind] ?? node.kind), ' ', node.name);
    if (node.childCount > 0) {
      item.setAttribute('aria-expanded', 'false');
      const group = h('ul', { role: 'group' });
      const toggle = h('button', { type: 'button', class: 'toggle', 'aria-label': `Expand ${node.name}` }, '▸');
      toggle.onclick = () => {
        const open = item.getAttribute('aria-expanded') !== 'true';
        item.setAttribute('aria-expanded', String(open));
        toggle.textContent = open ? '▾' : '▸';
        toggle.setAttribute('aria-label', `${open ? 'Collapse' : 'Expand'} ${node.name}`);
        group.hidden = !open;
        if (open && !group.dataset.loaded) {
          group.dataset.loaded = 'true';
          void this.loadChildren(node.id, group);
        }
      };
      group.hidden = true;
      item.append(h('div', { class: 'row' }, toggle, select, h('span', { class: 'count' }, String(node.childCount))), group);
    } else {
      item.append(h('div', { class: 'row' }, h('span', { class: 'toggle-space' }), select));
    }
    return item;
  }

  async select(node, item) {
    this.tree.querySelector('[aria-selected=true]')?.setAttribute('aria-selected', 'false');
    item.setAttribute('aria-selected', 'true');
    this.selected = node;
    this.chart?.destroy();
    this.chart = null;
    const head = h('header', { class: 'detail-head' }, h('h2', {}, node.name), h('p', { class: 'meta' }, `${KIND_LABELS[node.kind] ?? node.kind} · ${node.id}`));
    this.lineage = h('div', { class: 'lineage' }, h('p', { class: 'muted' }, 'Loading lineage…'));
    if (node.kind !== 'signal') {
      replace(this.detail, head, h('h3', {}, 'Lineage'), this.lineage);
    } else {
      this.live = h('dl', { class: 'signal-live' });
      this.binding = h('dl', { class: 'signal-binding' });
      this.trendHost = h('div', { class: 'trend', 'data-signal-id': node.id });
      this.trendMeta = h('p', { class: 'meta trend-meta' });
      const ranges = h('div', { class: 'ranges', role: 'group', 'aria-label': 'Trend range' },
        RANGES.map(([label]) => h('button', { type: 'button', class: 'secondary small', 'aria-pressed': String(label === this.range), onclick: (e) => this.setRange(label, e.currentTarget) }, label)));
      replace(this.detail, head,
        h('div', { class: 'signal-facts' }, h('div', {}, h('h3', {}, 'Live'), this.live), h('div', {}, h('h3', {}, 'Binding'), this.binding)),
        h('h3', {}, 'Trend'), ranges, this.trendHost, this.trendMeta,
        h('h3', {}, 'Lineage'), this.lineage);
      this.chart = new SignalTrendChart(this.trendHost);
      await Promise.all([this.refreshLive(), this.loadTrend()]);
    }
    await this.loadLineage(node);
  }

  setRange(label, button) {
    this.range = label;
    for (const b of button.parentElement.children) b.setAttribute('aria-pressed', String(b === button));
    void this.loadTrend();
  }

  async refreshLive() {
    const node = this.selected;
    if (node?.kind !== 'signal' || !this.live) return;
    try {
      const { signal } = await this.request(SIGNAL_DETAIL, { id: node.id });
      if (this.selected !== node || !signal) return;
      const sample = signal.lastSample;
      const value = sample ? (sample.value !== null ? `${formatNumber(sample.value)} ${signal.unit}` : (sample.text ?? '—')) : '—';
      replace(this.live, ...facts([
        ['Value', value, 'value'],
        ['Quality', sample ? sample.quality + (sample.statusCode ? ` (${sample.statusCode})` : '') : '—', 'quality'],
        ['Last sample', sample ? formatAge(sample.ts) : 'none yet', 'age'],
      ]));
      const b = signal.binding;
      replace(this.binding, ...facts([
        ['Source', b.protocol, 'protocol'],
        ['Server', b.server], ['Node id', b.nodeId], ['Topic', b.topic], ['JSON path', b.jsonPath],
        ['Sparkplug node', b.sparkplugNode], ['Metric', b.metric],
        ['Unit', signal.unit, 'unit'], ['Kind', signal.kind, 'kind'], ['Data type', signal.dataType],
      ].filter(([, v]) => v !== null && v !== undefined)));
    } catch (error) {
      this.onError(error, 'The signal is unavailable');
    }
  }

  async loadTrend() {
    const node = this.selected;
    if (node?.kind !== 'signal' || !this.chart) return;
    const span = RANGES.find(([label]) => label === this.range)[1];
    const to = Date.now();
    // about one bucket per pixel column of the chart
    const maxPoints = Math.min(5_000, Math.max(100, Math.round(this.trendHost.clientWidth || 800)));
    this.trendHost.dataset.state = 'loading';
    try {
      const { signal } = await this.request(SIGNAL_HISTORY, { id: node.id, from: new Date(to - span).toISOString(), to: new Date(to).toISOString(), maxPoints });
      if (this.selected !== node || !signal) return;
      const history = signal.history;
      this.chart.draw(history, signal.unit);
      this.trendMeta.textContent = history.bucketMs === null
        ? `${history.rawCount} samples over the last ${this.range}`
        : `${history.rawCount} samples over the last ${this.range} in ${history.buckets.length} buckets of ${formatNumber(history.bucketMs / 1000)} s (line: first and last of each bucket; band: min to max)`;
      this.trendHost.dataset.state = 'drawn';
    } catch (error) {
      this.trendHost.dataset.state = 'failed';
      this.onError(error, 'The trend is unavailable');
    }
  }

  async loadLineage(node) {
    try {
      const graph = node.kind === 'kpi'
        ? (await this.request(KPI_LINEAGE, { id: node.id })).lineage
        : (await this.request(NODE_NEIGHBOURS, { id: node.id })).twinGraph;
      if (this.selected !== node) return;
      const names = new Map(graph.nodes.map((n) => [n.id, n]));
      const label = (id) => {
        const n = names.get(id);
        return h('span', { class: id === node.id ? 'self' : '' }, h('span', { class: `kind kind-${n?.kind}` }, KIND_LABELS[n?.kind] ?? n?.kind ?? '?'), ' ', n?.name ?? id);
      };
      const rows = graph.edges.map((e) => h('li', { 'data-edge': e.kind }, label(e.from), h('span', { class: 'edge' }, ` ${e.kind.replace(/_/g, ' ')} → `), label(e.to)));
      replace(this.lineage,
        h('p', { class: 'meta' }, node.kind === 'kpi' ? 'Where the KPI comes from and what it feeds.' : 'Direct relations of this node.'),
        rows.length ? h('ul', { class: 'edges' }, rows) : h('p', { class: 'empty' }, 'No relations.'),
        graph.truncated ? h('p', { class: 'meta' }, 'Cut short at the node limit.') : null);
    } catch (error) {
      replace(this.lineage, h('p', { class: 'empty' }, 'Lineage unavailable.'));
      this.onError(error, 'The lineage is unavailable');
    }
  }
}

function facts(rows) {
  return rows.flatMap(([term, value, key]) => [h('dt', {}, term), h('dd', { 'data-fact': key }, value)]);
}
