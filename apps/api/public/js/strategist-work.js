import { $, h } from './dom.js';
import { authHeaders } from './credentials.js';
import { commentaryForm, renderCommentary } from './commentary-view.js';
import { renderInitiatives } from './initiatives-view.js';
import { kpiWorkPanel } from './kpi-work-panel.js';
import { INITIATIVES, PERIOD_COMMENTARY, UPDATE_INITIATIVE, WRITER_ROLES, WRITE_COMMENTARY } from './strategist-queries.js';

/**
 * The strategist's work beside the scorecard: period commentary under it, the initiatives tab, the KPI drawer's
 * entry forms and the briefing-book export. `ctx` is the dashboard app (request, unitId, asOf, knownAt, notify).
 */
export class StrategistWork {
  constructor(ctx, { role, credential }) {
    this.ctx = ctx;
    this.role = role;
    this.credential = credential;
    this.canWrite = WRITER_ROLES.has(role);
    this.card = null;
  }

  /** Extra nodes for the KPI drawer. */
  drawerPanel(kpiId) {
    return kpiWorkPanel(kpiId, {
      request: (q, v) => this.ctx.request(q, v),
      role: this.role,
      onSaved: (message) => {
        this.ctx.notify(message);
        void this.ctx.loadScorecard();
      },
      onError: (e) => this.ctx.fail(e),
    });
  }

  /** After each scorecard render: the commentary of the same instant, as known at the same time. */
  async afterScorecard(card) {
    this.card = card;
    const root = $('#commentary');
    if (!root) return;
    try {
      const variables = { unit: card.unit.id, asOf: this.ctx.asOf };
      if (this.ctx.knownAt) variables.knownAt = this.ctx.knownAt;
      const { periodCommentary } = await this.ctx.request(PERIOD_COMMENTARY, variables);
      renderCommentary(root, { entries: periodCommentary, card, travelling: Boolean(this.ctx.asOf) });
      if (this.canWrite && !this.ctx.asOf) root.append(commentaryForm(card, (input) => this.writeCommentary(input)));
      root.append(this.exportButtons(card));
    } catch (error) {
      this.ctx.fail(error, 'Commentary is unavailable');
    }
  }

  async writeCommentary(input) {
    try {
      await this.ctx.request(WRITE_COMMENTARY, { input });
      this.ctx.notify('Commentary saved');
      if (this.card) await this.afterScorecard(this.card);
    } catch (error) {
      this.ctx.fail(error, 'Could not save the commentary');
    }
  }

  async loadInitiatives() {
    try {
      const { initiatives } = await this.ctx.request(INITIATIVES, { unit: this.ctx.unitId });
      renderInitiatives($('#initiatives'), {
        initiatives,
        names: namesOf(this.card),
        canEdit: this.canWrite,
        onSave: (id, input) => this.saveInitiative(id, input),
      });
    } catch (error) {
      this.ctx.fail(error, 'Initiatives are unavailable');
    }
  }

  async saveInitiative(id, input) {
    try {
      await this.ctx.request(UPDATE_INITIATIVE, { id, input });
      this.ctx.notify('Initiative saved');
      await this.loadInitiatives();
    } catch (error) {
      this.ctx.fail(error, 'Could not save the initiative');
    }
  }

  exportButtons(card) {
    const period = periodOf(this.ctx.asOf);
    const download = async (format) => {
      const query = new URLSearchParams({ unit: card.unit.id, period, format });
      try {
        const response = await fetch(`/reports/briefing-book?${query}`, { headers: authHeaders(this.credential) });
        if (!response.ok) throw new Error(`${response.status} ${await response.text()}`);
        const link = h('a', { href: URL.createObjectURL(await response.blob()), download: `briefing-${card.unit.id}-${period}.${format}` });
        link.click();
        setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
      } catch (error) {
        this.ctx.fail(error, 'Export failed');
      }
    };
    return h(
      'p',
      { class: 'export' },
      h('button', { type: 'button', class: 'secondary', onclick: () => download('pdf') }, `Briefing book ${period} (PDF)`),
      ' ',
      h('button', { type: 'button', class: 'secondary', onclick: () => download('csv') }, 'KPI table (CSV)'),
    );
  }
}

/** The month shown: that of the time-travel instant, else the current one (UTC, as the date picker). */
function periodOf(asOf) {
  return (asOf ?? new Date().toISOString()).slice(0, 7);
}

function namesOf(card) {
  const names = new Map();
  for (const p of card?.perspectives ?? []) {
    for (const o of p.objectives) {
      names.set(o.id, o.name);
      for (const k of o.kpis) names.set(k.id, k.name);
    }
  }
  return names;
}
