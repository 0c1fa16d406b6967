import { h, replace, s } from './dom.js';
import { formatDate, formatDay, formatNumber, formatShare, statusLabel } from './format.js';
import { dayOf, endOfDay, startOfDay } from './time-zone.js';

const DAY_MS = 86_400_000;
const STATUSES = ['planned', 'on_track', 'at_risk', 'off_track', 'done', 'cancelled'];

/** Initiatives of a unit: owner, status, progress, budget against actual, milestones on a timeline, links. */
export function renderInitiatives(root, { initiatives, names, canEdit, onSave, now = Date.now(), timeZone = 'UTC' }) {
  replace(
    root,
    h('h2', { id: 'initiatives-title' }, 'Initiatives'),
    initiatives.length
      ? initiatives.map((i) => initiativeCard(i, { names, canEdit, onSave, now, timeZone }))
      : h('p', { class: 'muted' }, 'No initiatives for this unit.'),
  );
}

/** `now` is the instant shown (a past one when travelling); `timeZone` the model's, whose days the dates are. */
export function initiativeCard(i, { names = new Map(), canEdit = false, onSave, now = Date.now(), timeZone = 'UTC' }) {
  const budget = i.budgetAmount ?? null;
  const spent = i.budgetActual ?? null;
  return h(
    'article',
    { class: `initiative status-${i.status}`, 'data-initiative-id': i.id },
    h('header', { class: 'initiative-head' }, h('h3', {}, i.name), h('span', { class: `pill initiative-status-${i.status}` }, statusLabel(i.status))),
    h(
      'dl',
      { class: 'facts' },
      fact('Owner', i.owner ?? '—'),
      fact('Progress', h('span', {}, meter(i.progress ?? 0, 'Progress'), ` ${i.progress === null ? '—' : formatShare(i.progress)}`)),
      fact(
        'Budget',
        budget === null
          ? '—'
          : h(
              'span',
              {},
              meter(spent === null ? 0 : spent / budget, 'Spent of budget', spent !== null && spent > budget),
              spent === null
                ? ` ${formatNumber(budget)} ${i.budgetCurrency ?? ''} budget, spending not reported`
                : ` ${formatNumber(spent)} of ${formatNumber(budget)} ${i.budgetCurrency ?? ''} spent`,
            ),
      ),
      fact('Objectives', i.objectives.map((id) => names.get(id) ?? id).join(', ') || '—'),
      fact('KPIs', i.kpis.map((id) => names.get(id) ?? id).join(', ') || '—'),
      i.updatedBy ? fact('Last update', `${i.updatedBy}, ${formatDate(i.updatedAt)}`) : null,
    ),
    milestoneTimeline(i, now, timeZone),
    canEdit ? editForm(i, onSave) : null,
  );
}

/**
 * Milestones placed by due date between the initiative's start and end (or the milestones' own range). Positions are
 * percentages of the width, so the markers stay round at any width. Dates are days of the model's calendar: a
 * milestone is overdue once its day has ended there, and a day is written as it is.
 */
export function milestoneTimeline(i, now = Date.now(), timeZone = 'UTC') {
  if (!i.milestones.length) return h('p', { class: 'muted' }, 'No milestones.');
  const dues = i.milestones.map((m) => startOfDay(m.due, timeZone));
  const overdue = i.milestones.map((m) => !m.done && endOfDay(m.due, timeZone) < now);
  // YYYY-MM-DD sorts as it reads: the first and last day shown, today among them
  const days = [i.start, i.end, ...i.milestones.map((m) => m.due), dayOf(now, timeZone)].filter(Boolean).sort();
  const [first, last] = [days[0], days[days.length - 1]];
  const from = startOfDay(first, timeZone) - 7 * DAY_MS;
  const to = startOfDay(last, timeZone) + 7 * DAY_MS;
  const x = (t) => `${(2 + ((t - from) / (to - from)) * 96).toFixed(2)}%`;
  const svg = s(
    'svg',
    { class: 'timeline', role: 'img', 'aria-label': `Milestones of ${i.name}` },
    s('line', { x1: '2%', x2: '98%', y1: 12, y2: 12, class: 'timeline-axis' }),
    s('line', { x1: x(now), x2: x(now), y1: 2, y2: 22, class: 'timeline-now' }, s('title', {}, 'today')),
    i.milestones.map((m, k) =>
      s('circle', { cx: x(dues[k]), cy: 12, r: 6, class: m.done ? 'milestone done' : overdue[k] ? 'milestone overdue' : 'milestone' }, s('title', {}, `${m.name} · ${m.due}`)),
    ),
    s('text', { x: '2%', y: 34, class: 'timeline-date' }, formatDay(first)),
    s('text', { x: '98%', y: 34, class: 'timeline-date end' }, formatDay(last)),
  );
  return h(
    'div',
    { class: 'milestones' },
    svg,
    h(
      'ol',
      { class: 'milestone-list' },
      i.milestones.map((m, k) => h('li', { class: m.done ? 'done' : overdue[k] ? 'overdue' : '' }, `${m.done ? '✓' : '○'} ${m.name} — ${m.due}${overdue[k] ? ' (overdue)' : ''}`)),
    ),
  );
}

function editForm(i, onSave) {
  const id = (name) => `${name}-${i.id}`;
  const status = h('select', { id: id('status') }, STATUSES.map((v) => h('option', { value: v, selected: v === i.status }, statusLabel(v))));
  const progress = h('input', { type: 'number', min: 0, max: 100, step: 1, id: id('progress'), value: i.progress === null ? '' : Math.round(i.progress * 100) });
  const spent = h('input', { type: 'number', min: 0, step: 'any', id: id('spent'), value: i.budgetActual ?? '' });
  const done = i.milestones.map((m, k) => h('input', { type: 'checkbox', id: id(`m${k}`), checked: m.done }));
  return h(
    'details',
    { class: 'initiative-edit' },
    h('summary', {}, 'Update'),
    h(
      'form',
      {
        class: 'work-form',
        onsubmit: (event) => {
          event.preventDefault();
          const input = { status: status.value, milestones: i.milestones.map((m, k) => ({ name: m.name, due: m.due, done: done[k].checked })) };
          // the field shows whole percent: sent only when edited, or a derived 1/3 would be saved as an entered 0.33
          if (progress.value !== '' && progress.value !== progress.defaultValue) input.progress = Number(progress.value) / 100;
          if (spent.value !== '') input.budgetActual = Number(spent.value);
          void onSave(i.id, input);
        },
      },
      h('label', { for: id('status') }, 'Status'),
      status,
      h('label', { for: id('progress') }, 'Progress (%)'),
      progress,
      h('label', { for: id('spent') }, `Spent (${i.budgetCurrency ?? 'budget currency'})`),
      spent,
      i.milestones.map((m, k) => h('label', { class: 'check' }, done[k], ` ${m.name} done`)),
      h('button', { type: 'submit' }, 'Save initiative'),
    ),
  );
}

function meter(share, label, over = false) {
  const pct = Math.max(0, Math.min(1, share)) * 100;
  const fill = h('span', { class: 'meter-fill' });
  fill.style.width = `${pct}%`; // CSSOM, not a style attribute: the page's CSP allows no inline styles
  return h('span', { class: `meter${over ? ' over' : ''}`, role: 'img', 'aria-label': `${label}: ${Math.round(share * 100)} %` }, fill);
}

function fact(term, value) {
  return h('div', {}, h('dt', {}, term), h('dd', {}, value));
}
