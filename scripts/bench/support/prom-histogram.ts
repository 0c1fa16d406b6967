/** Cumulative bucket counts of a Prometheus histogram (`le` → count) in a /metrics text. */
export function histogram(text: string, name: string): Map<number, number> {
  const buckets = new Map<number, number>();
  for (const line of text.split('\n')) {
    const match = new RegExp(`^${name}_bucket\\{le="([^"]+)"\\} (\\S+)$`).exec(line);
    if (match) buckets.set(match[1] === '+Inf' ? Infinity : Number(match[1]), Number(match[2]));
  }
  return buckets;
}

/** The q-quantile (ms) of the observations between two scrapes, interpolated in its bucket as Prometheus does. */
export function quantileMs(before: Map<number, number>, after: Map<number, number>, q: number): number | null {
  const bounds = [...after.keys()].sort((a, b) => a - b);
  const total = (after.get(Infinity) ?? 0) - (before.get(Infinity) ?? 0);
  if (total <= 0) return null;
  const rank = q * total;
  let lower = 0;
  let below = 0;
  for (const bound of bounds) {
    const count = (after.get(bound) ?? 0) - (before.get(bound) ?? 0);
    if (count >= rank) {
      if (bound === Infinity) return lower * 1000;
      return Math.round((lower + ((bound - lower) * (rank - below)) / Math.max(1, count - below)) * 1000 * 10) / 10;
    }
    lower = bound;
    below = count;
  }
  return null;
}

/**
 * The share of the observations between two scrapes that were at most `bound` (seconds, one of the histogram's
 * bounds: exact, no interpolation); null without observations or when `bound` is not a bucket bound.
 */
export function shareAtMost(before: Map<number, number>, after: Map<number, number>, bound: number): number | null {
  const total = (after.get(Infinity) ?? 0) - (before.get(Infinity) ?? 0);
  const within = after.get(bound);
  if (total <= 0 || within === undefined) return null;
  return Math.round(((within - (before.get(bound) ?? 0)) / total) * 10_000) / 10_000;
}

/** A histogram's observation count and sum (its `_count` and `_sum` lines) in a /metrics text; zeros when absent. */
export function histogramTotals(text: string, name: string): { count: number; sum: number } {
  return { count: metricValue(text, `${name}_count`), sum: metricValue(text, `${name}_sum`) };
}

/**
 * The value of a series in a /metrics text: an unlabelled metric (a counter or gauge) by its name, or one labelled
 * series as written (`name{outcome="ok"}`); zero when absent.
 */
export function metricValue(text: string, series: string): number {
  const match = new RegExp(`^${series.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} (\\S+)$`, 'm').exec(text);
  return match ? Number(match[1]) : 0;
}
