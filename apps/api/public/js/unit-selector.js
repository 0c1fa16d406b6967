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
