import { h, replace } from './dom.js';
import { formatDateTime, formatValue } from './format.js';
import { CLEAR_TARGET, KPI_ENTRIES, KPI_WORK, RECORD_KPI_VALUE, SET_TARGET, WRITER_ROLES } from './strategist-queries.js';

/**
 * The strategist's part of the KPI drawer: enter a manual value or a correction (with a comment), set the target of
 * a period, and read the trail of entries with who made them. Read-only for roles that may not write.
 */
export function kpiWorkPanel(kpiId, { request, role, onSaved, onError }) {
  const root = h('section', { class: 'kpi-work', 'aria-labelledby': 'kpi-work-title' }, h('p', { class: 'muted' }, 'Loading entries…'));
  const load = async () => {
    try {
      const { kpi } = await request(KPI_WORK, { id: kpiId });
      if (!kpi) return;
      const revisions = kpi.manualEntry ? (await request(KPI_ENTRIES, { id: kpiId })).kpi.revisions : [];
      replace(root, ...content(kpi, revisions));
    } catch (error) {
      onError(error);
    }
  };
  const save = async (document, input, message) => {
    try {
      const data = await request(document, { input });
      await load();
      onSaved(typeof message === 'function' ? message(data) : message);
    } catch (error) {
      onError(error);
    }
  };
  const content = (kpi, revisions) => {
    const writer = WRITER_ROLES.has(role);
    const manual = revisions.filter((r) => r.origin === 'manual');
    return [
      h('h3', { id: 'kpi-work-title' }, 'Entries and target'),
      writer && kpi.manualEntry ? valueForm(kpi, (input) => save(RECORD_KPI_VALUE, input, 'Value saved')) : null,
      writer
        ? targetForm(
            kpi,
            (input) => save(SET_TARGET, input, 'Target set'),
            (input) => save(CLEAR_TARGET, input, ({ clearTarget }) => (clearTarget ? "Model's target restored" : 'No target was set for that period')),
          )
        : null,
      manual.length
        ? h(
            'ol',
            { class: 'entry-trail', 'aria-label': 'Entries this period' },
            manual.map((r) =>
              h('li', {}, `${formatValue(r.value, kpi.unit)} by ${r.enteredBy ?? 'unknown'}, ${formatDateTime(r.recordedAt)}`, r.comment ? ` — ${r.comment}` : ''),
            ),
          )
        : null,
      !writer ? h('p', { class: 'muted' }, `Your role (${role}) reads only; strategists enter values and targets.`) : null,
    ];
  };
  void load();
  return root;
}

function valueForm(kpi, submit) {
  const value = h('input', { type: 'number', step: 'any', required: true, id: 'entry-value' });
  const comment = h('input', { type: 'text', maxlength: 2000, id: 'entry-comment', placeholder: 'why (e.g. correction of a typo)' });
  return h(
    'form',
    {
      class: 'work-form',
      onsubmit: (event) => {
        event.preventDefault();
        const input = { kpiId: kpi.id, value: Number(value.value), periodKey: kpi.periodKey };
        if (comment.value.trim()) input.comment = comment.value.trim();
        void submit(input);
      },
    },
    h('label', { for: 'entry-value' }, `Value for ${kpi.periodKey} (${kpi.unit})`),
    value,
    h('label', { for: 'entry-comment' }, 'Comment'),
    comment,
    h('button', { type: 'submit' }, 'Save value'),
  );
}

function targetForm(kpi, submit, clear) {
  const period = h('input', { type: 'text', id: 'target-period', value: kpi.periodKey, required: true });
  const value = h('input', { type: 'number', step: 'any', id: 'target-value', required: true, value: kpi.target ?? '' });
  return h(
    'form',
    {
      class: 'work-form',
      onsubmit: (event) => {
        event.preventDefault();
        void submit({ kpiId: kpi.id, periodKey: period.value.trim(), value: Number(value.value) });
      },
    },
    h('label', { for: 'target-period' }, 'Target period'),
    period,
    h('label', { for: 'target-value' }, `Target (${kpi.unit})`),
    value,
    h('button', { type: 'submit' }, 'Set target'),
    // the run-time target of the period goes; the model's target applies again (the history keeps the old one)
    h('button', { type: 'button', onclick: () => void clear({ kpiId: kpi.id, periodKey: period.value.trim() }) }, "Use the model's target"),
  );
}
