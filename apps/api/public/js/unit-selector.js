import { clear, h } from './dom.js';
import { formatScore, statusLabel } from './format.js';

/** Flattens the SESSION scorecard tree into [{ id, name, depth, status, score, parentId }]. */
export function flattenUnits(card, depth = 0, parentId = null, out = []) {
  out.push({ id: card.unit.id, name: card.unit.name, depth, status: card.status, score: card.score, parentId });
  for (const child of card.children ?? []) flattenUnits(child, depth + 1, card.unit.id, out);
  return out;
}

/** The org-unit tree as an indented <select>; each option names its status so the cascade reads at a glance. */
export function renderUnitOptions(select, units, selectedId) {
  clear(select).append(
    ...units.map((u) =>
      h(
        'option',
        { value: u.id, selected: u.id === selectedId },
        `${'\u2003'.repeat(u.depth)}${u.depth ? '└ ' : ''}${u.name} · ${formatScore(u.score)} · ${statusLabel(u.status)}`,
      ),
    ),
  );
  select.disabled = units.length < 2;
}

/** Takes the status and score of a scorecard's unit and the units below it into `units`; true when one changed. */
export function followUnitStatuses(units, card) {
  const latest = new Map([card, ...(card.children ?? [])].map((c) => [c.unit.id, c]));
  let changed = false;
  for (const u of units) {
    const c = latest.get(u.id);
    if (!c || (c.status === u.status && c.score === u.score)) continue;
    [u.status, u.score, changed] = [c.status, c.score, true];
  }
  return changed;
}
