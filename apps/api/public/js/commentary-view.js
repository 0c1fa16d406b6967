import { h, replace } from './dom.js';
import { formatDateTime } from './format.js';

/** "Commentary for the period" under the scorecard: per objective and KPI, as it stood at the scorecard's time. */
export function renderCommentary(root, { entries, card, travelling, loadVersions }) {
  const names = new Map();
  for (const p of card.perspectives) {
    for (const o of p.objectives) {
      names.set(`objective:${o.id}`, o.name);
      for (const k of o.kpis) names.set(`kpi:${k.id}`, k.name);
    }
  }
  const sorted = [...entries].sort((a, b) => (a.subjectKind === b.subjectKind ? 0 : a.subjectKind === 'objective' ? -1 : 1));
  const opened = openVersionLists(root);
  replace(
    root,
    h('h2', { id: 'commentary-title' }, 'Commentary for the period'),
    travelling ? h('p', { class: 'muted' }, 'As it stood at the time shown.') : null,
    sorted.length
      ? sorted.map((c) => commentaryCard(c, names.get(`${c.subjectKind}:${c.subjectId}`) ?? c.subjectId, loadVersions))
      : h('p', { class: 'muted' }, 'No commentary for this period yet.'),
  );
  reopenVersionLists(root, opened);
}

/** "All versions" lists a reader has open, by card and its latest version: a live refresh must not close them. */
function openVersionLists(root) {
  const opened = new Map();
  for (const details of root.querySelectorAll('article.commentary details[open]')) {
    const card = details.closest('article');
    opened.set(`${card.dataset.commentaryFor}@${card.dataset.recordedAt}`, [...details.querySelector('ol').children]);
  }
  return opened;
}

/** Opens them again with the versions already shown; a card with a newer version loads its list afresh. */
function reopenVersionLists(root, opened) {
  for (const card of root.querySelectorAll('article.commentary')) {
    const items = opened.get(`${card.dataset.commentaryFor}@${card.dataset.recordedAt}`);
    const details = card.querySelector('details');
    if (!items || !details) continue;
    details.querySelector('ol').append(...items);
    details.open = true;
  }
}

/** loadVersions(c) -> every version of c's commentary (oldest first), shown on demand; omitted in print. */
export function commentaryCard(c, title, loadVersions) {
  return h(
    'article',
    { class: 'commentary', 'data-commentary-for': `${c.subjectKind}:${c.subjectId}`, 'data-recorded-at': String(c.recordedAt) },
    h('h3', {}, `${title} · ${c.periodKey}`),
    h('p', { class: 'analysis' }, h('strong', {}, 'Analysis: '), c.analysis),
    c.actions ? h('p', { class: 'actions' }, h('strong', {}, 'Actions: '), c.actions) : null,
    h('p', { class: 'byline muted' }, `${c.author}, ${formatDateTime(c.recordedAt)}`),
    loadVersions ? versionsDetails(c, loadVersions) : null,
  );
}

function versionsDetails(c, loadVersions) {
  const list = h('ol', { class: 'commentary-versions' });
  const details = h('details', {}, h('summary', {}, 'All versions'), list);
  details.addEventListener('toggle', async () => {
    if (!details.open || list.childElementCount) return;
    const versions = await loadVersions(c);
    replace(
      list,
      versions.map((v) =>
        h('li', {}, h('span', { class: 'byline muted' }, `${v.author}, ${formatDateTime(v.recordedAt)}: `), v.analysis, v.actions ? ` — ${v.actions}` : ''),
      ),
    );
  });
  return details;
}

/** The writer's form: one subject (an objective or KPI of the scorecard), analysis and actions. */
export function commentaryForm(card, onSubmit) {
  const subject = h(
    'select',
    { id: 'commentary-subject', required: true },
    card.perspectives.flatMap((p) =>
      p.objectives.flatMap((o) => [
        h('option', { value: `objective:${o.id}` }, `Objective: ${o.name}`),
        ...o.kpis.map((k) => h('option', { value: `kpi:${k.id}` }, `KPI: ${k.name}`)),
      ]),
    ),
  );
  const analysis = h('textarea', { id: 'commentary-analysis', rows: 3, maxlength: 4000, required: true });
  const actions = h('textarea', { id: 'commentary-actions', rows: 2, maxlength: 4000 });
  return h(
    'form',
    {
      class: 'work-form commentary-form',
      onsubmit: (event) => {
        event.preventDefault();
        const [subjectKind, subjectId] = subject.value.split(/:(.*)/s);
        void onSubmit({ subjectKind, subjectId, analysis: analysis.value, actions: actions.value });
      },
    },
    h('h3', {}, 'Write commentary'),
    h('label', { for: 'commentary-subject' }, 'About'),
    subject,
    h('label', { for: 'commentary-analysis' }, 'Analysis'),
    analysis,
    h('label', { for: 'commentary-actions' }, 'Actions'),
    actions,
    h('button', { type: 'submit' }, 'Save commentary'),
  );
}
