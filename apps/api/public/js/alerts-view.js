import { flash, h, replace } from './dom.js';
import { formatAge, formatDateTime } from './format.js';

const ACK_ROLES = new Set(['admin', 'engineer', 'strategist']);

/** Unresolved alerts, newest first, with acknowledge buttons for the roles allowed to. */
export class AlertsView {
  /** onAcknowledge(alertId) -> Promise */
  constructor(root, { role, onAcknowledge, onOpenKpi }) {
    this.root = root;
    this.canAcknowledge = ACK_ROLES.has(role);
    this.onAcknowledge = onAcknowledge;
    this.onOpenKpi = onOpenKpi;
  }

  render(alerts, highlightId) {
    const open = alerts.filter((a) => a.status !== 'resolved');
    const list = h('ul', { class: 'alert-list' }, open.map((a) => this.item(a)));
    replace(
      this.root,
      h('h2', { id: 'alerts-title' }, 'Alerts ', h('span', { class: 'count', 'aria-label': `${open.length} unresolved` }, String(open.length))),
      open.length ? list : h('p', { class: 'empty' }, 'No open alerts.'),
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
