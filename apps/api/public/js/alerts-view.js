import { flash, h, replace } from './dom.js';
import { formatAge, formatDateTime } from './format.js';

const ACK_ROLES = new Set(['admin', 'engineer', 'strategist']);
// the page of each status the query reads
const MAX_SHOWN = 50;

/** Unresolved alerts, newest first, with acknowledge buttons for the roles allowed to. */
export class AlertsView {
  /** onAcknowledge(alertId) -> Promise */
  constructor(root, { role, onAcknowledge, onOpenKpi }) {
    this.root = root;
    this.canAcknowledge = ACK_ROLES.has(role);
    this.onAcknowledge = onAcknowledge;
    this.onOpenKpi = onOpenKpi;
  }

  /** The pages of open and of acknowledged alerts ({ totalCount, nodes }): the newest of both, and how many in all. */
  render({ open, acknowledged }, highlightId) {
    const shown = [...open.nodes, ...acknowledged.nodes].sort((a, b) => Date.parse(b.raisedAt) - Date.parse(a.raisedAt)).slice(0, MAX_SHOWN);
    const total = open.totalCount + acknowledged.totalCount;
    const list = h('ul', { class: 'alert-list' }, shown.map((a) => this.item(a)));
    replace(
      this.root,
      h('h2', { id: 'alerts-title' }, 'Alerts ', h('span', { class: 'count', 'aria-label': `${total} unresolved` }, String(total))),
      shown.length ? list : h('p', { class: 'empty' }, 'No open alerts.'),
      total > shown.length ? h('p', { class: 'meta', 'data-testid': 'alerts-more' }, `The newest ${shown.length} of ${total}.`) : null,
    );
    if (highlightId) {
      const item = list.querySelector(`[data-alert-id="${CSS.escape(highlightId)}"]`);
      if (item) flash(item);
    }
  }

  item(a) {
    const ack =
      a.status === 'open' && this.canAcknowledge
        ? h('button', { type: 'button', class: 'small', onclick: (event) => this.acknowledge(event.currentTarget, a.id) }, 'Acknowledge')
        : null;
    return h(
      'li',
      { class: `alert severity-${a.severity} alert-${a.status}`, 'data-alert-id': a.id },
      h('div', { class: 'alert-head' }, h('span', { class: 'severity' }, a.severity), h('time', { datetime: a.raisedAt, title: formatDateTime(a.raisedAt) }, formatAge(a.raisedAt))),
      h('p', { class: 'alert-message' }, a.message),
      h(
        'div',
        { class: 'alert-foot' },
        h('span', { class: 'meta' }, a.unitId),
        a.kpiId ? h('button', { type: 'button', class: 'link small', onclick: () => this.onOpenKpi(a.kpiId) }, a.kpiId) : null,
        a.status === 'acknowledged' ? h('span', { class: 'meta' }, `acknowledged by ${a.acknowledgedBy ?? '?'}`) : null,
        ack,
      ),
    );
  }

  async acknowledge(button, id) {
    button.disabled = true;
    button.textContent = 'Acknowledging…';
    try {
      await this.onAcknowledge(id);
    } catch {
      button.disabled = false;
      button.textContent = 'Acknowledge';
    }
  }
}
