import { $, h } from './dom.js';
import { authHeaders } from './credentials.js';
import { commentaryForm, renderCommentary } from './commentary-view.js';
import { renderInitiatives } from './initiatives-view.js';
import { kpiWorkPanel } from './kpi-work-panel.js';
import { COMMENTARY_VERSIONS, INITIATIVES, PERIOD_COMMENTARY, UPDATE_INITIATIVE, WRITER_ROLES, WRITE_COMMENTARY, namesOfInitiativeLinks } from './strategist-queries.js';
import { dayOf } from './time-zone.js';

/**
 * The strategist's work beside the scorecard: period commentary under it, the initiatives tab, the KPI drawer's
 * entry forms and the briefing-book export. `ctx` is the dashboard app (request, unitId, asOf, knownAt, timeZone, notify).
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

  /**
   * After each scorecard render: the commentary of the same instant, as known at the same time. Live updates
   * re-render the list only: the form (and what is being typed into it) stays until the unit changes.
   */
  async afterScorecard(card) {
    this.card = card;
    const root = $('#commentary');
    if (!root) return;
    if (this.commentaryUnit !== card.unit.id || !root.contains(this.listBox)) {
      this.commentaryUnit = card.unit.id;
      this.listBox = h('div', { class: 'commentary-list' });
      this.formBox = h('div', {}, this.canWrite ? commentaryForm(card, (input) => this.writeCommentary(input)) : null);
      root.replaceChildren(this.listBox, this.formBox, this.exportButtons(card));
    }
    this.formBox.hidden = Boolean(this.ctx.asOf); // commentary is written for now, not for the past
    try {
      const variables = { unit: card.unit.id, asOf: this.ctx.asOf };
      if (this.ctx.knownAt) variables.knownAt = this.ctx.knownAt;
      const { periodCommentary } = await this.ctx.request(PERIOD_COMMENTARY, variables);
      if (card !== this.card) return; // a newer scorecard answers instead
      renderCommentary(this.listBox, {
        entries: periodCommentary,
        card,
        travelling: Boolean(this.ctx.asOf),
        loadVersions: (c) => this.commentaryVersions(c),
      });
    } catch (error) {
      this.ctx.fail(error, 'Commentary is unavailable');
    }
  }

  async commentaryVersions(c) {
    try {
      const { commentaryVersions } = await this.ctx.request(COMMENTARY_VERSIONS, { kind: c.subjectKind, id: c.subjectId, period: c.periodKey });
      return commentaryVersions;
    } catch (error) {
      this.ctx.fail(error, 'Commentary versions are unavailable');
      return [];
    }
  }

  async writeCommentary(input) {
    try {
      await this.ctx.request(WRITE_COMMENTARY, { input });
      this.ctx.notify('Commentary saved');
      this.formBox.querySelector('form')?.reset();
      if (this.card) await this.afterScorecard(this.card);
    } catch (error) {
      this.ctx.fail(error, 'Could not save the commentary');
    }
  }

  async loadInitiatives() {
    try {
      const asOf = this.ctx.asOf;
      const data = await this.ctx.request(INITIATIVES, { unit: this.ctx.unitId, asOf });
      renderInitiatives($('#initiatives'), {
        initiatives: data.initiatives,
        names: namesOfInitiativeLinks(data),
        // a past instant shows the state then (overdue as of then) and is not edited: updates are for now
        canEdit: this.canWrite && !asOf,
        now: asOf ? Date.parse(asOf) : Date.now(),
        timeZone: this.ctx.timeZone,
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
    const download = async (format) => {
      const period = monthOf(this.ctx.asOf, this.ctx.timeZone);
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
      h('button', { type: 'button', class: 'secondary', onclick: () => download('pdf') }, 'Briefing book (PDF)'),
      ' ',
      h('button', { type: 'button', class: 'secondary', onclick: () => download('csv') }, 'KPI table (CSV)'),
    );
  }
}

/** The month shown, in the model's time zone as the date picker: that of the time-travel instant, else this one. */
function monthOf(asOf, timeZone) {
  return dayOf(asOf ? Date.parse(asOf) : Date.now(), timeZone).slice(0, 7);
}
