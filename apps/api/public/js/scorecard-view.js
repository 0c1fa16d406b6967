import { flash, h, replace } from './dom.js';
import { formatDateTime, formatNumber, formatScore, formatShare, formatValue, isPhased } from './format.js';
import { periodTrend } from './charts.js';
import { qualityBadges, statusPill } from './status.js';

const SPARK_POINTS = 12;
// a re-fetch right after a live update keeps the row highlighted
const RECENT_UPDATE_MS = 1500;
const COLUMNS = [
  { id: 'kpi', title: 'KPI' },
  { id: 'value', title: 'Value', num: true },
  { id: 'target', title: 'Target', num: true },
  { id: 'status', title: 'Status' },
  { id: 'score', title: 'Score', num: true },
  { id: 'forecast', title: 'Forecast' },
  { id: 'trend', title: 'Trend' },
  { id: 'quality', title: 'Quality' },
];

/** The scorecard of one unit: summary, units below, four perspectives with objectives and KPI rows. */
export class ScorecardView {
  /** onOpenKpi(kpiId), onSelectUnit(unitId) */
  constructor(root, { onOpenKpi, onSelectUnit }) {
    this.root = root;
    this.onOpenKpi = onOpenKpi;
    this.onSelectUnit = onSelectUnit;
    this.sparks = new Map();
    this.updatedAt = new Map();
  }

  render(card) {
    this.card = card;
    const focusedKpi = document.activeElement?.closest?.('[data-kpi-id]')?.dataset.kpiId;
    replace(
      this.root,
      summary(card),
      card.children.length ? children(card.children, this.onSelectUnit) : null,
      h('div', { class: 'perspectives' }, card.perspectives.map((p) => this.perspective(p, card.children, shareOf(card.perspectives)))),
    );
    for (const [kpiId, trend] of this.sparks) this.applySparkline(kpiId, trend);
    const now = Date.now();
    for (const [kpiId, at] of this.updatedAt) {
      if (now - at > RECENT_UPDATE_MS) this.updatedAt.delete(kpiId);
      else for (const row of this.rowsOf(kpiId)) flash(row);
    }
    if (focusedKpi) this.root.querySelector(`[data-kpi-id="${CSS.escape(focusedKpi)}"] button`)?.focus();
  }

  /** The KPIs' recent periods, [{ id, accumulation, history: [{ periodKey, end, value }] (oldest first) }], at an instant. */
  setSparklines(kpis, at) {
    this.sparks = new Map(kpis.map((k) => [k.id, periodsOf(k, at)]));
    for (const [kpiId, trend] of this.sparks) this.applySparkline(kpiId, trend);
  }

  /** A kpiUpdated event: new value and quality in place, with a brief highlight; status follows on re-fetch. */
  applyUpdate(update) {
    const rows = this.rowsOf(update.kpiId);
    this.updatedAt.set(update.kpiId, Date.now());
    for (const row of rows) {
      if (row.dataset.periodKey !== update.periodKey) continue;
      row.querySelector('[data-cell=value]').textContent = formatValue(update.value, row.dataset.unit);
      row.querySelector('[data-cell=quality]').replaceChildren(...qualityBadges(update.quality));
      row.dataset.updatedAt = update.asOf;
      flash(row);
    }
    return rows.length;
  }

  rowsOf(kpiId) {
    return this.root.querySelectorAll(`tr[data-kpi-id="${CSS.escape(kpiId)}"]`);
  }

  /** share(p): its weight's share of the card's perspectives' (the score divides by their sum). */
  perspective(p, units, share) {
    const id = `perspective-${p.id}`;
    return h(
      'article',
      { class: `perspective status-${p.status}`, 'aria-labelledby': id, 'data-perspective-id': p.id },
      h(
        'header',
        { class: 'perspective-head' },
        h('h2', { id }, p.name),
        h('span', { class: 'score', title: 'Score 0–10' }, formatScore(p.score), h('small', {}, '/10')),
        statusPill(p.status),
        h('span', { class: 'meta' }, `weight ${formatShare(share(p))} · coverage ${formatShare(p.coverage)}`),
      ),
      p.objectives.length ? p.objectives.map((o) => this.objective(o, shareOf(p.objectives))) : this.rolledUp(p, units),
    );
  }

  /** A perspective without own objectives: name the units below whose objectives make its score. */
  rolledUp(p, units) {
    const parts = units
      .map((u) => ({ unit: u.unit, part: u.perspectives?.find((q) => q.id === p.id) }))
      .filter(({ part }) => part && part.status !== 'no_data');
    if (parts.length === 0) return h('p', { class: 'empty' }, 'No objectives here or below.');
    return h(
      'div',
      { class: 'rolled-up' },
      h('p', { class: 'meta' }, 'Rolled up from the units below:'),
      parts.map(({ unit, part }) =>
        h(
          'button',
          { type: 'button', class: `unit-card status-${part.status}`, onclick: () => this.onSelectUnit(unit.id) },
          h('span', { class: 'unit-name' }, unit.name),
          h('span', { class: 'score' }, formatScore(part.score)),
          statusPill(part.status),
        ),
      ),
    );
  }

  /** share(o): its weight's share of the perspective's own objectives'. */
  objective(o, share) {
    return h(
      'section',
      { class: 'objective', 'data-objective-id': o.id },
      h(
        'div',
        { class: 'objective-head' },
        h('h3', {}, o.name),
        h('span', { class: 'meta' }, `weight ${formatShare(share(o))}`),
        h('span', { class: 'score' }, formatScore(o.score)),
        statusPill(o.status),
      ),
      h(
        'div',
        { class: 'table-scroll' },
        h(
          'table',
          { class: 'kpis' },
          h('caption', { class: 'visually-hidden' }, `KPIs of ${o.name}`),
          h('colgroup', {}, COLUMNS.map((c) => h('col', { class: `col-${c.id}` }))),
          h(
            'thead',
            {},
            h('tr', {}, COLUMNS.map((c) => h('th', { scope: 'col', class: c.num ? 'num' : undefined }, c.title))),
          ),
          h('tbody', {}, o.kpis.map((k) => this.kpiRow(k))),
        ),
      ),
    );
  }

  kpiRow(k) {
    return h(
      'tr',
      { 'data-kpi-id': k.id, 'data-period-key': k.periodKey, 'data-unit': k.unit, class: `status-${k.status}` },
      h(
        'th',
        { scope: 'row' },
        h('button', { type: 'button', class: 'link', onclick: () => this.onOpenKpi(k.id), title: `Details of ${k.name}` }, k.name),
        k.derived ? h('span', { class: 'badge muted', title: 'Cascaded from the units below' }, 'rolled up') : null,
      ),
      ...valueAndTargetCells(k),
      h('td', { 'data-cell': 'status' }, statusPill(k.status)),
      h('td', { class: 'num', 'data-cell': 'score' }, formatScore(k.score)),
      h(
        'td',
        { 'data-cell': 'forecast' },
        k.predictedStatus ? statusPill(k.predictedStatus, { prefix: '→ ' }) : h('span', { class: 'muted' }, '—'),
        k.probability !== null && k.probability !== undefined
          ? h('span', { class: 'probability', title: 'Probability of meeting the period target' }, ` ${formatShare(k.probability)}`)
          : null,
        typeof k.expected === 'number'
          ? h(
              'div',
              { class: 'qualifier projection', title: `Expected at period end: ${formatValue(k.expected, k.unit)}, against the period target of ${formatValue(k.target, k.unit)}` },
              `projected ${formatNumber(k.expected)} vs ${formatNumber(k.target)} target`,
            )
          : null,
      ),
      h('td', { 'data-cell': 'trend' }),
      h('td', { 'data-cell': 'quality' }, qualityBadges(k.quality)),
    );
  }

  applySparkline(kpiId, trend) {
    for (const row of this.rowsOf(kpiId)) row.querySelector('[data-cell=trend]').replaceChildren(periodTrend(trend, SPARK_POINTS));
  }
}

/**
 * Weights count relative to their siblings' (3 and 2 weigh as 0.6 and 0.4; the default is 1 each): a part's weight as
 * a share of theirs, which is what the score gives it.
 */
function shareOf(siblings) {
  const total = siblings.reduce((sum, x) => sum + x.weight, 0);
  return (x) => (total > 0 ? x.weight / total : null);
}

/** A KPI's trend: its period values, and the period still under way at `at` (its value is one to date), if last. */
function periodsOf({ accumulation, history }, at) {
  const last = history[history.length - 1];
  const running = last && Date.parse(last.end) > at ? last.periodKey : null;
  return { values: history.map((p) => p.value), running, cumulative: accumulation === 'cumulative' };
}

/**
 * Value and target cells. A phased target compares like with like: the value to date against the target planned
 * to date, with the full period target beside it, so nobody reads a to-date value against the whole period.
 */
function valueAndTargetCells(k) {
  if (!isPhased(k)) {
    return [
      h('td', { class: 'num', 'data-cell': 'value' }, formatValue(k.value, k.unit)),
      h('td', { class: 'num', 'data-cell': 'target' }, formatValue(k.target, k.unit)),
    ];
  }
  return [
    h('td', { class: 'num' }, h('span', { 'data-cell': 'value' }, formatValue(k.value, k.unit)), h('div', { class: 'qualifier' }, 'to date')),
    h(
      'td',
      { class: 'num', title: `The period target is ${formatValue(k.target, k.unit)}` },
      h('span', { 'data-cell': 'target' }, formatValue(k.toDateTarget, k.unit)),
      h('div', { class: 'qualifier' }, `planned to date of ${formatValue(k.target, k.unit)}`),
    ),
  ];
}

function summary(card) {
  return h(
    'section',
    { class: `summary status-${card.status}`, 'aria-label': 'Overall score' },
    h('div', { class: 'summary-score' }, h('span', { class: 'big', 'data-testid': 'overall-score' }, formatScore(card.score)), h('small', {}, '/10')),
    h(
      'div',
      { class: 'summary-text' },
      h('h1', {}, card.unit.name),
      h(
        'p',
        {},
        statusPill(card.status),
        ' ',
        card.predictedStatus ? statusPill(card.predictedStatus, { prefix: 'forecast: ' }) : null,
        h('span', { class: 'meta' }, ` coverage ${formatShare(card.coverage)} · as of ${formatDateTime(card.asOf)}`),
        card.knownAt ? h('span', { class: 'meta', 'data-testid': 'known-at' }, ` · ${knowledgeLabel(card)}`) : null,
        card.unit.owner ? h('span', { class: 'meta' }, ` · owner ${card.unit.owner}`) : null,
      ),
    ),
  );
}

/** Time travel says which past it shows: what was known at that instant, or the same instant corrected since. */
function knowledgeLabel(card) {
  return Date.parse(card.knownAt) <= Date.parse(card.asOf) ? 'as known then' : `as corrected by ${formatDateTime(card.knownAt)}`;
}

function children(units, onSelectUnit) {
  return h(
    'nav',
    { class: 'children', 'aria-label': 'Units below' },
    units.map((c) =>
      h(
        'button',
        { type: 'button', class: `unit-card status-${c.status}`, onclick: () => onSelectUnit(c.unit.id) },
        h('span', { class: 'unit-name' }, c.unit.name),
        h('span', { class: 'score' }, formatScore(c.score)),
        statusPill(c.status),
      ),
    ),
  );
}
