/** Epoch ms (number or digits) or ISO-8601 text; undefined when absent, null when unreadable. */
export function parseTimestamp(raw: unknown): number | undefined | null {
  if (raw === undefined || raw === null) return undefined;
  if (typeof raw === 'number') return Number.isFinite(raw) ? Math.round(raw) : null;
  if (typeof raw !== 'string') return null;
  if (/^\d+$/.test(raw)) return Number(raw);
  // Only full ISO dates: Date.parse accepts too much ("1", "Nov 5") otherwise.
  if (!/^\d{4}-\d{2}-\d{2}([T ][\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/.test(raw)) return null;
  const ms = Date.parse(raw);
  return Number.isNaN(ms) ? null : ms;
}
