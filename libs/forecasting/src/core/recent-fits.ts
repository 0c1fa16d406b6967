/**
 * Series whose fits are kept. One KPI's forecast asks for the same fit up to three times within a few calls: the
 * method choice fits each method at its 3 origins as a candidate and again inside the ensemble, the global model's
 * verdict refits at the first origin, and the projections of the current and later periods fit the whole series.
 */
const KEPT = 8;

interface Entry<T> {
  key: string;
  y: readonly number[];
  fit: T | undefined;
}

function sameValues(a: readonly number[], b: readonly number[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return false;
  return true;
}

/**
 * The fits of one fitting function on the last few series: a fit asked for again with the same key (everything
 * else the function reads: its options, the season) and values (compared one by one, so a kept fit is exactly the
 * one that would be made) is handed back instead of made again. Fits are never changed once made (moving one to
 * another origin copies it), so sharing them is safe.
 */
export class RecentFits<T> {
  private readonly entries: Array<Entry<T>> = [];

  constructor(private readonly kept = KEPT) {}

  fit(key: string, y: readonly number[], make: () => T | undefined): T | undefined {
    const at = this.entries.findIndex((e) => e.key === key && sameValues(e.y, y));
    if (at >= 0) {
      const [entry] = this.entries.splice(at, 1);
      this.entries.unshift(entry);
      return entry.fit;
    }
    const fit = make();
    this.entries.unshift({ key, y: y.slice(), fit });
    if (this.entries.length > this.kept) this.entries.pop();
    return fit;
  }
}
