import { h } from './dom.js';
import { formatShare, statusLabel } from './format.js';

/** Colour-coded status with its name in text too (colour is never the only signal). */
export function statusPill(status, { prefix = '' } = {}) {
  return h('span', { class: `pill status-${status ?? 'none'}` }, prefix, statusLabel(status));
}

/** "stale", "uncertain", "coverage 80 %" badges; nothing when the value is fresh and complete. */
export function qualityBadges(quality) {
  if (!quality) return [h('span', { class: 'badge muted' }, 'no input')];
  const badges = [];
  if (quality.stale) badges.push(h('span', { class: 'badge warn', title: 'An input stopped updating' }, 'stale'));
  if (quality.quality && quality.quality !== 'good') badges.push(h('span', { class: 'badge warn' }, quality.quality));
  if (quality.coverage < 1) badges.push(h('span', { class: 'badge', title: 'Share of expected inputs present' }, `coverage ${formatShare(quality.coverage)}`));
  if (badges.length === 0) badges.push(h('span', { class: 'badge ok' }, 'good'));
  return badges;
}
